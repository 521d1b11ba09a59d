package imbridge.applelocal.backup.crypto;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds an encrypted Finder/iTunes backup folder the way Apple lays one out (behaviour.md §AL7.2), from plain files,
 * with
 * small iteration counts so tests run fast: a TLV keybag whose class keys are wrapped under the password-derived
 * key, {@code Manifest.plist}, an encrypted {@code Manifest.db} and per-file {@code MBFile} NSKeyedArchiver
 * records. Written independently of the reader (JDK AESWrap, AES/CBC/PKCS5Padding) so the two check each other.
 */
final class EncryptingBackupWriter {
    static final int[] PROTECTION_CLASSES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    static final int FILE_CLASS = 3;
    static final int MANIFEST_CLASS = 4;

    private final SecureRandom random = new SecureRandom();
    private final char[] password;
    private final int dpIterations;
    private final int iterations;
    private final Map<Integer, byte[]> classKeys = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private boolean padManifest = true;

    private record Entry(String domain, String relativePath, int flags, byte[] content, boolean encrypted) {}

    EncryptingBackupWriter(char[] password, int dpIterations, int iterations) {
        this.password = password.clone();
        this.dpIterations = dpIterations;
        this.iterations = iterations;
        for (int protectionClass : PROTECTION_CLASSES) {
            classKeys.put(protectionClass, randomBytes(32));
        }
    }

    EncryptingBackupWriter addFile(String domain, String relativePath, byte[] content) {
        entries.add(new Entry(domain, relativePath, 1, content, true));
        return this;
    }

    /** An empty file stored as Apple stores them: an empty blob and a record without EncryptionKey. */
    EncryptingBackupWriter addUnencryptedEmptyFile(String domain, String relativePath) {
        entries.add(new Entry(domain, relativePath, 1, new byte[0], false));
        return this;
    }

    EncryptingBackupWriter addDirectory(String domain, String relativePath) {
        entries.add(new Entry(domain, relativePath, 2, null, false));
        return this;
    }

    /** Whether the encrypted Manifest.db carries PKCS#7 padding (default true). */
    EncryptingBackupWriter padManifest(boolean pad) {
        this.padManifest = pad;
        return this;
    }

    void write(Path backupDir, Path scratchDir) throws IOException, GeneralSecurityException, SQLException {
        Files.createDirectories(backupDir);
        byte[] dpSalt = randomBytes(20);
        byte[] salt = randomBytes(20);
        // first step by the JDK's own PBKDF2 (chars, UTF-8), so the reader's byte-based one is checked against it
        byte[] firstStep = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password, dpSalt, dpIterations, 256))
                .getEncoded();
        byte[] kek = Pbkdf2.hmacSha1(firstStep, salt, iterations, 32);
        byte[] manifestKey = randomBytes(32);

        Path plainManifest = scratchDir.resolve("Manifest-plain-" + System.nanoTime() + ".db");
        writeManifestDb(plainManifest, backupDir);
        byte[] encryptedManifest = aesCbc(manifestKey, Files.readAllBytes(plainManifest), padManifest);
        Files.write(backupDir.resolve("Manifest.db"), encryptedManifest);
        Files.delete(plainManifest);

        NSDictionary manifestPlist = new NSDictionary();
        manifestPlist.put("IsEncrypted", true);
        manifestPlist.put("BackupKeyBag", new NSData(keyBag(kek, salt, dpSalt)));
        manifestPlist.put(
                "ManifestKey",
                new NSData(classPrefixed(MANIFEST_CLASS, wrap(classKeys.get(MANIFEST_CLASS), manifestKey))));
        manifestPlist.put("Version", "10.0");
        manifestPlist.put("Date", new NSDate(new Date()));
        manifestPlist.put("WasPasscodeSet", false);
        NSDictionary lockdown = new NSDictionary();
        lockdown.put("ProductVersion", "17.5");
        manifestPlist.put("Lockdown", lockdown);
        BinaryPropertyListWriter.write(manifestPlist, backupDir.resolve("Manifest.plist"));
    }

    private void writeManifestDb(Path db, Path backupDir) throws IOException, GeneralSecurityException, SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, "
                        + "flags INTEGER, file BLOB)");
                ddl.execute("CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO Files VALUES (?, ?, ?, ?, ?)")) {
                for (Entry entry : entries) {
                    String fileId = BackupFileId.of(entry.domain(), entry.relativePath());
                    insert.setString(1, fileId);
                    insert.setString(2, entry.domain());
                    insert.setString(3, entry.relativePath());
                    insert.setInt(4, entry.flags());
                    insert.setBytes(5, storeFile(entry, fileId, backupDir));
                    insert.executeUpdate();
                }
            }
        }
    }

    /** Writes the entry's stored blob (for files) and returns its MBFile archive. */
    private byte[] storeFile(Entry entry, String fileId, Path backupDir) throws IOException, GeneralSecurityException {
        if (entry.flags() != 1) {
            return mbFileArchive(entry.relativePath(), 0, null, 16877);
        }
        Path stored = BackupFileId.storedPath(backupDir, fileId);
        Files.createDirectories(stored.getParent());
        if (!entry.encrypted()) {
            Files.write(stored, entry.content());
            return mbFileArchive(entry.relativePath(), 0, null, 33188);
        }
        byte[] fileKey = randomBytes(32);
        Files.write(stored, aesCbc(fileKey, entry.content(), true));
        byte[] encryptionKey = classPrefixed(FILE_CLASS, wrap(classKeys.get(FILE_CLASS), fileKey));
        return mbFileArchive(entry.relativePath(), entry.content().length, encryptionKey, 33188);
    }

    /** An NSKeyedArchiver plist of an MBFile, laid out as in real Manifest.db rows. */
    static byte[] mbFileArchive(String relativePath, long size, byte[] encryptionKey, int mode) throws IOException {
        List<NSObject> objects = new ArrayList<>();
        objects.add(new NSString("$null"));
        NSDictionary file = new NSDictionary();
        objects.add(file);
        file.put("$class", uid(objects.size()));
        objects.add(archivedClass("MBFile", "NSObject"));
        file.put("RelativePath", uid(objects.size()));
        objects.add(new NSString(relativePath));
        file.put("Size", size);
        file.put("ProtectionClass", FILE_CLASS);
        file.put("Mode", mode);
        file.put("LastModified", 1_700_000_000);
        file.put("Birth", 1_700_000_000);
        file.put("Flags", 0);
        if (encryptionKey != null) {
            file.put("EncryptionKey", uid(objects.size()));
            NSDictionary data = new NSDictionary();
            objects.add(data);
            data.put("NS.data", new NSData(encryptionKey));
            data.put("$class", uid(objects.size()));
            objects.add(archivedClass("NSMutableData", "NSData", "NSObject"));
        }
        NSDictionary top = new NSDictionary();
        top.put("root", uid(1));
        NSDictionary archive = new NSDictionary();
        archive.put("$archiver", "NSKeyedArchiver");
        archive.put("$version", 100000);
        archive.put("$top", top);
        archive.put("$objects", new NSArray(objects.toArray(NSObject[]::new)));
        return BinaryPropertyListWriter.writeToArray(archive);
    }

    private static NSDictionary archivedClass(String name, String... hierarchy) {
        NSDictionary archivedClass = new NSDictionary();
        archivedClass.put("$classname", name);
        List<String> classes = new ArrayList<>(List.of(name));
        classes.addAll(List.of(hierarchy));
        archivedClass.put("$classes", NSArray.fromJavaObject(classes));
        return archivedClass;
    }

    private static UID uid(int index) {
        return new UID("UID", BigInteger.valueOf(index));
    }

    /** Apple's keybag layout: global items, then one UUID-led run per class key. */
    private byte[] keyBag(byte[] kek, byte[] salt, byte[] dpSalt) throws GeneralSecurityException {
        TlvBytes bag = new TlvBytes()
                .item("VERS", 4)
                .item("TYPE", 1)
                .item("UUID", randomBytes(16))
                .item("HMCK", randomBytes(40))
                .item("WRAP", 0)
                .item("SALT", salt)
                .item("ITER", iterations)
                .item("DPWT", 1)
                .item("DPIC", dpIterations)
                .item("DPSL", dpSalt);
        for (Map.Entry<Integer, byte[]> classKey : classKeys.entrySet()) {
            bag.item("UUID", randomBytes(16))
                    .item("CLAS", classKey.getKey())
                    .item("WRAP", 3)
                    .item("KTYP", 0)
                    .item("WPKY", wrap(kek, classKey.getValue()));
        }
        return bag.bytes();
    }

    private static byte[] classPrefixed(int protectionClass, byte[] wrapped) {
        return ByteBuffer.allocate(4 + wrapped.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(protectionClass)
                .put(wrapped)
                .array();
    }

    static byte[] wrap(byte[] kek, byte[] key) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AESWrap");
        cipher.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
        return cipher.wrap(new SecretKeySpec(key, "AES"));
    }

    private static byte[] aesCbc(byte[] key, byte[] plain, boolean pad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(pad ? "AES/CBC/PKCS5Padding" : "AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        return cipher.doFinal(plain);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
