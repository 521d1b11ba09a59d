package imbridge.core.testing;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** A {@link CloudSource} for tests that only download: every asset has its declared size in zero bytes. */
public final class ZeroByteAssets implements CloudSource {
    @Override
    public ZonePage<CloudChat> chatChanges(String syncToken) {
        throw new IllegalStateException("no zones here");
    }

    @Override
    public ZonePage<CloudMessage> messageChanges(String syncToken) {
        throw new IllegalStateException("no zones here");
    }

    @Override
    public ZonePage<CloudAttachment> attachmentChanges(String syncToken) {
        throw new IllegalStateException("no zones here");
    }

    @Override
    public InputStream openAsset(CloudAttachment attachment) {
        return new ByteArrayInputStream(new byte[(int) Math.max(0, attachment.size())]);
    }
}
