package imbridge.core.port;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
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

    /**
     * Opens the attachment's bytes; the caller closes the stream (whose reads may fail as any JDK stream's do).
     *
     * @throws AssetUnavailableException the source knows the bytes cannot be had: asking again is pointless
     * @throws CloudSourceException      the asset could not be opened this time
     */
    InputStream openAsset(CloudAttachment attachment) throws CloudSourceException;
}
