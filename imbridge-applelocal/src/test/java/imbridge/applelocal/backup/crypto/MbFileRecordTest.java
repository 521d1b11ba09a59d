package imbridge.applelocal.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MbFileRecordTest {
    private static final byte[] WRAPPED = filledKey();

    private static byte[] filledKey() {
        byte[] wrapped = new byte[40];
        Arrays.fill(wrapped, (byte) 0x5a);
        return wrapped;
    }

    private static byte[] classPrefixed(int protectionClass) {
        return ByteBuffer.allocate(44)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(protectionClass)
                .put(WRAPPED)
                .array();
    }

    @Test
    void readsClassSizeAndTheArchivedMutableDataKey() throws Exception {
        byte[] archive = EncryptingBackupWriter.mbFileArchive("Library/SMS/sms.db", 123_456, classPrefixed(3), 33188);

        MbFileRecord record = MbFileRecord.parse(archive, "f");

        assertThat(record.protectionClass()).isEqualTo(EncryptingBackupWriter.FILE_CLASS);
        assertThat(record.size()).isEqualTo(123_456);
        assertThat(record.encryptionKey()).hasValueSatisfying(key -> {
            assertThat(key.protectionClass()).isEqualTo(3);
            assertThat(key.wrapped()).isEqualTo(WRAPPED);
        });
    }

    @Test
    void aRecordWithoutEncryptionKeyHasNone() throws Exception {
        byte[] archive = EncryptingBackupWriter.mbFileArchive("Library/empty", 0, null, 33188);

        assertThat(MbFileRecord.parse(archive, "f").encryptionKey()).isEmpty();
    }

    @Test
    void acceptsAKeyArchivedAsBareData() throws Exception {
        NSDictionary file = new NSDictionary();
        file.put("ProtectionClass", 2);
        file.put("Size", 7);
        file.put("EncryptionKey", new UID("k", BigInteger.TWO));
        NSDictionary top = new NSDictionary();
        top.put("root", new UID("r", BigInteger.ONE));
        NSDictionary archive = new NSDictionary();
        archive.put("$top", top);
        archive.put("$objects", new NSArray(new NSString("$null"), file, new NSData(classPrefixed(2))));

        MbFileRecord record = MbFileRecord.parse(BinaryPropertyListWriter.writeToArray(archive), "f");

        assertThat(record.protectionClass()).isEqualTo(2);
        assertThat(record.size()).isEqualTo(7);
        assertThat(record.encryptionKey())
                .hasValueSatisfying(key -> assertThat(key.wrapped()).isEqualTo(WRAPPED));
    }

    @Test
    void aShortKeyOrADanglingUidIsRejected() throws Exception {
        byte[] shortKey = EncryptingBackupWriter.mbFileArchive("x", 1, new byte[20], 33188);
        assertThatThrownBy(() -> MbFileRecord.parse(shortKey, "f"))
                .isExactlyInstanceOf(EncryptedBackupException.class)
                .hasMessageContaining("expected 44");

        NSDictionary top = new NSDictionary();
        top.put("root", new UID("r", BigInteger.valueOf(9)));
        NSDictionary archive = new NSDictionary();
        archive.put("$top", top);
        archive.put("$objects", new NSArray(new NSString("$null")));
        byte[] dangling = BinaryPropertyListWriter.writeToArray(archive);
        assertThatThrownBy(() -> MbFileRecord.parse(dangling, "f"))
                .isExactlyInstanceOf(EncryptedBackupException.class)
                .hasMessageContaining("points past $objects");
    }

    @Test
    void everyTruncationOrBitFlipGivesTheRecordOrTheDocumentedException() throws Exception {
        byte[] archive = EncryptingBackupWriter.mbFileArchive("Library/SMS/sms.db", 99, classPrefixed(3), 33188);
        int rejected = 0;
        for (int length = 0; length < archive.length; length++) {
            rejected += parsesOrRejectsCleanly(Arrays.copyOf(archive, length));
        }
        for (int at = 0; at < archive.length; at++) {
            byte[] flipped = archive.clone();
            flipped[at] ^= (byte) 0x80;
            rejected += parsesOrRejectsCleanly(flipped);
        }
        assertThat(rejected).isGreaterThanOrEqualTo(archive.length);
    }

    private static int parsesOrRejectsCleanly(byte[] blob) {
        try {
            MbFileRecord.parse(blob, "f");
            return 0;
        } catch (EncryptedBackupException expected) {
            assertThat(expected.getMessage()).contains("file record f");
            return 1;
        }
    }
}
