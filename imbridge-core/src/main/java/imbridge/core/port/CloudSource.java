package imbridge.core.port;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import java.io.IOException;
import java.io.InputStream;

/**
 * The Apple side: a zone's change feed page by page, and asset downloads. Implementations decode
 * records; a record that cannot be decoded is returned in {@link ZonePage#rejects()}, never thrown.
 */
public interface CloudSource {

    /** One page of chat changes after {@code syncToken} (null = from the beginning). */
    ZonePage<CloudChat> chatChanges(String syncToken) throws CloudSourceException;

    ZonePage<CloudMessage> messageChanges(String syncToken) throws CloudSourceException;

    ZonePage<CloudAttachment> attachmentChanges(String syncToken) throws CloudSourceException;

    /** Opens the attachment's bytes; the caller closes the stream. */
    InputStream openAsset(CloudAttachment attachment) throws IOException;
}
