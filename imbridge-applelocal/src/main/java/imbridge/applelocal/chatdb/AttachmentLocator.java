package imbridge.applelocal.chatdb;

import java.io.IOException;

/**
 * Turns {@code attachment.filename} as Apple stored it ({@code ~/Library/Messages/Attachments/…} on a Mac,
 * {@code ~/Library/SMS/Attachments/…} in an iPhone backup) into a readable file. A locator never hands out a
 * file outside its attachments folder, whatever the database says.
 */
public interface AttachmentLocator {

    /**
     * @param storedFilename the column value, possibly null
     * @return the file, or why it is unavailable (no path, missing, or a path that escapes the folder)
     * @throws IOException only when the storage itself fails (an encrypted backup that cannot decrypt)
     */
    AttachmentFile locate(String storedFilename) throws IOException;
}
