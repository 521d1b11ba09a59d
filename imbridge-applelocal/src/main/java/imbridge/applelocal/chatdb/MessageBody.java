package imbridge.applelocal.chatdb;

import imbridge.core.model.BodyLayout;
import java.util.List;

/**
 * What the reader makes of a message row's body.
 *
 * @param text            the visible text (placeholders removed, unsent parts left out), or null
 * @param unsent          every part of the message was unsent
 * @param attachmentGuids attachments in body order (join order for those the body does not name)
 * @param layout          the bubbles with Apple's part indices; null when no attributedBody could be decoded
 * @param problem         why no text was found (for the reject log), or null
 */
record MessageBody(String text, boolean unsent, List<String> attachmentGuids, BodyLayout layout, String problem) {
    MessageBody {
        attachmentGuids = List.copyOf(attachmentGuids);
    }
}
