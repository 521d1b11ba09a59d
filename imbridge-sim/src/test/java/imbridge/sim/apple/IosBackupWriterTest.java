package imbridge.sim.apple;

import static org.assertj.core.api.Assertions.assertThat;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import com.dd.plist.UID;
import imbridge.sim.apple.AppleExportPlan.AttachmentRow;
import imbridge.sim.cloudkit.AssetBytes;
import imbridge.sim.cloudkit.Dataset;
import imbridge.sim.cloudkit.TruthJson;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account as an unencrypted iPhone backup: sms.db and attachments where a backup reader looks for them. */
class IosBackupWriterTest {

    private static final String SMS_DB_ID = "3d0d7e5fb2ce288813306e4d4636395e047a3d28";

    @TempDir
    static Path backup;

    private static Dataset dataset;
    private static AppleExport export;
    private static Sql manifest;

    @BeforeAll
    static void write() throws Exception {
        dataset = Accounts.full(44, 10, 800);
        export = AppleExport.write(dataset, "ios-backup", backup);
        manifest = Sql.open(backup.resolve("Manifest.db"));
    }

    @Test
    void smsDbIsStoredUnderTheHashOfItsDomainPath() throws Exception {
        assertThat(Choices.sha1Hex("HomeDomain-Library/SMS/sms.db")).isEqualTo(SMS_DB_ID);
        Path smsDb = backup.resolve("3d").resolve(SMS_DB_ID);
        assertThat(export.database()).isEqualTo(smsDb);
        try (Sql sms = Sql.open(smsDb)) {
            assertThat(sms.count("SELECT COUNT(*) FROM message"))
                    .isEqualTo(export.plan().messages().size());
        }
        Map<String, Object> row = manifest.row("SELECT fileID, flags FROM Files WHERE domain = 'HomeDomain' "
                + "AND relativePath = 'Library/SMS/sms.db'");
        assertThat(row.get("fileID")).isEqualTo(SMS_DB_ID);
        assertThat(row.get("flags")).isEqualTo(1);
    }

    @Test
    void attachmentsAreStoredAtHashedPathsAndMissingOnesAreAbsent() throws Exception {
        int stored = 0;
        try (Sql sms = Sql.open(export.database())) {
            for (AttachmentRow row : export.plan().attachments()) {
                String filename = (String) sms.row("SELECT filename FROM attachment WHERE ROWID = ?", row.rowid())
                        .get("filename");
                if (row.state() == AppleExportPlan.FileState.NO_FILENAME) {
                    assertThat(filename).isNull();
                    continue;
                }
                assertThat(filename).startsWith("~/Library/SMS/Attachments/");
                String relativePath = filename.substring(2);
                String fileId = Choices.sha1Hex("MediaDomain-" + relativePath);
                Path file = backup.resolve(fileId.substring(0, 2)).resolve(fileId);
                long listed = manifest.count(
                        "SELECT COUNT(*) FROM Files WHERE fileID = ? AND domain = 'MediaDomain' "
                                + "AND relativePath = ? AND flags = 1",
                        fileId,
                        relativePath);
                if (row.onDisk()) {
                    assertThat(file).exists();
                    assertThat(AssetBytes.sha256Hex(Files.readAllBytes(file)))
                            .isEqualTo(row.record().sha256());
                    assertThat(listed).isEqualTo(1);
                    stored++;
                } else {
                    assertThat(file).doesNotExist();
                    assertThat(listed).isZero();
                }
            }
        }
        assertThat(stored).isPositive();
        assertThat(export.plan().notOnDisk()).isNotEmpty();
    }

    @Test
    void filesRowsCarryKeyedArchivedMbFiles() throws Exception {
        Map<String, Object> row = manifest.row("SELECT file FROM Files WHERE fileID = ?", SMS_DB_ID);
        NSDictionary archive = (NSDictionary) PropertyListParser.parse((byte[]) row.get("file"));
        assertThat(archive.objectForKey("$archiver").toJavaObject()).isEqualTo("NSKeyedArchiver");
        NSObject[] objects = ((NSArray) archive.objectForKey("$objects")).getArray();
        UID root = (UID) ((NSDictionary) archive.objectForKey("$top")).objectForKey("root");
        NSDictionary file = (NSDictionary) objects[new BigInteger(1, root.getBytes()).intValue()];
        assertThat(((NSNumber) file.objectForKey("Size")).longValue()).isEqualTo(Files.size(export.database()));
        assertThat(file.keySet()).contains("LastModified", "Birth", "Mode", "ProtectionClass");
        NSDictionary mbFileClass =
                (NSDictionary) objects[new BigInteger(1, ((UID) file.objectForKey("$class")).getBytes()).intValue()];
        assertThat(mbFileClass.objectForKey("$classname").toJavaObject()).isEqualTo("MBFile");
    }

    @Test
    void backupPlistsDescribeAnUnencryptedBackup() throws Exception {
        NSDictionary manifestPlist = (NSDictionary) PropertyListParser.parse(backup.resolve("Manifest.plist"));
        assertThat(((NSNumber) manifestPlist.objectForKey("IsEncrypted")).boolValue())
                .isFalse();
        NSDictionary lockdown = (NSDictionary) manifestPlist.objectForKey("Lockdown");
        assertThat(lockdown.objectForKey("ProductVersion").toJavaObject()).isEqualTo(IosBackupWriter.PRODUCT_VERSION);
        assertThat(lockdown.objectForKey("DeviceName").toJavaObject()).isEqualTo(IosBackupWriter.DEVICE_NAME);
        assertThat(manifestPlist.objectForKey("Version")).isNotNull();
        NSDictionary info = (NSDictionary) PropertyListParser.parse(backup.resolve("Info.plist"));
        assertThat(info.objectForKey("Product Version").toJavaObject()).isEqualTo(IosBackupWriter.PRODUCT_VERSION);
        NSDictionary status = (NSDictionary) PropertyListParser.parse(backup.resolve("Status.plist"));
        assertThat(status.objectForKey("Version").toJavaObject()).isEqualTo("3.3");
    }

    @Test
    void theBackupsTruthIsTheMacExportsTruth(@TempDir Path home) {
        AppleExport mac = AppleExport.write(Accounts.full(44, 10, 800), "chatdb", home);
        assertThat(TruthJson.toBytes(export.truth())).isEqualTo(TruthJson.toBytes(mac.truth()));
    }
}
