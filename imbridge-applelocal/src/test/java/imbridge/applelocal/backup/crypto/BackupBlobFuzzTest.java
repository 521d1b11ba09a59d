package imbridge.applelocal.backup.crypto;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import imbridge.applelocal.backup.BackupManifest;
import imbridge.applelocal.backup.IosBackupException;
import imbridge.applelocal.codec.PlistObjectEdit;
import imbridge.core.testing.fuzz.ByteMutation;
import imbridge.core.testing.fuzz.ByteMutations;
import imbridge.core.testing.fuzz.DecodeBound;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes what an iPhone backup hands the reader before any decryption: {@code Manifest.plist} (binary and XML, read
 * by the plain and the encrypted reader), the keybag it carries, the wrapped keys and the {@code MBFile} records of
 * {@code Manifest.db}. Arbitrary bytes and mutations of well-formed ones either parse or fail with the reader's own
 * exception, within the time and allocation bound of {@link DecodeBound}.
 */
class BackupBlobFuzzTest {
    private static Path folder;
    private static Path manifestPlist;

    @BeforeContainer
    static void createFolder() throws IOException {
        folder = Files.createTempDirectory("imbridge-backup-fuzz");
        manifestPlist = folder.resolve("Manifest.plist");
    }

    @AfterContainer
    static void deleteFolder() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Property(seed = "1641")
    void arbitraryBytes(@ForAll @Size(max = 600) byte[] blob) throws IOException {
        everyReaderDecodesOrRejects(blob);
    }

    @Property(seed = "1642")
    void mutatedManifestPlists(@ForAll("manifests") byte[] plist, @ForAll("edits") List<ByteMutation> edits)
            throws IOException {
        byte[] mutated = ByteMutations.apply(plist, edits);
        manifestReadersDecodeOrReject(mutated);
    }

    @Property(seed = "1643")
    void mutatedKeyBags(@ForAll("edits") List<ByteMutation> edits) {
        byte[] mutated = ByteMutations.apply(keyBag(), edits);
        DecodeBound.assertBounded(mutated.length, EncryptedBackupException.class, () -> KeyBag.parse(mutated));
    }

    @Property(seed = "1644")
    void mutatedFileRecords(@ForAll("fileRecords") byte[] record, @ForAll("edits") List<ByteMutation> edits) {
        byte[] mutated = ByteMutations.apply(record, edits);
        DecodeBound.assertBounded(
                mutated.length, EncryptedBackupException.class, () -> MbFileRecord.parse(mutated, "f"));
    }

    @Property(seed = "1645")
    void hostileObjectHeaders(@ForAll("binaryBlobs") byte[] plist, @ForAll("objectEdits") PlistObjectEdit edit)
            throws IOException {
        byte[] edited = edit.apply(plist);
        manifestReadersDecodeOrReject(edited);
        DecodeBound.assertBounded(edited.length, EncryptedBackupException.class, () -> MbFileRecord.parse(edited, "f"));
    }

    /** Nesting far deeper than any real plist, in each syntax dd-plist would recognise. */
    @Property(tries = 40, seed = "1646")
    void deeplyNestedText(
            @ForAll("openings") String opening, @ForAll @IntRange(min = 1, max = 60_000) int depth, @ForAll boolean xml)
            throws IOException {
        String prefix = xml ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">" : "";
        manifestReadersDecodeOrReject((prefix + opening.repeat(depth)).getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> openings() {
        return Arbitraries.of("(", "{a=", "<array>", "<dict><key>k</key>", "<!ENTITY a \"aaaa\">");
    }

    @Provide
    Arbitrary<PlistObjectEdit> objectEdits() {
        return PlistObjectEdit.edits();
    }

    @Provide
    Arbitrary<byte[]> binaryBlobs() {
        try {
            return Arbitraries.of(
                    BinaryPropertyListWriter.writeToArray(manifest()),
                    EncryptingBackupWriter.mbFileArchive("Library/SMS/sms.db", 123_456, classPrefixedKey(), 33188));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> manifests() {
        NSDictionary plist = manifest();
        try {
            byte[] xml = plist.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
            return Arbitraries.of(BinaryPropertyListWriter.writeToArray(plist), xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> fileRecords() {
        try {
            return Arbitraries.of(
                    EncryptingBackupWriter.mbFileArchive("Library/SMS/sms.db", 123_456, classPrefixedKey(), 33188),
                    EncryptingBackupWriter.mbFileArchive("Library/empty", 0, null, 33188));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<List<ByteMutation>> edits() {
        return ByteMutations.edits(4);
    }

    private static void everyReaderDecodesOrRejects(byte[] blob) throws IOException {
        manifestReadersDecodeOrReject(blob);
        DecodeBound.assertBounded(blob.length, EncryptedBackupException.class, () -> KeyBag.parse(blob));
        DecodeBound.assertBounded(blob.length, EncryptedBackupException.class, () -> MbFileRecord.parse(blob, "f"));
        DecodeBound.assertBounded(blob.length, EncryptedBackupException.class, () -> WrappedKey.parse(blob, "key"));
    }

    private static void manifestReadersDecodeOrReject(byte[] plist) throws IOException {
        Files.write(manifestPlist, plist);
        DecodeBound.assertBounded(plist.length, IosBackupException.class, () -> BackupManifest.read(manifestPlist));
        DecodeBound.assertBounded(
                plist.length, EncryptedBackupException.class, () -> EncryptedManifestPlist.read(manifestPlist));
    }

    /** The keys of an encrypted backup's Manifest.plist and those the plain reader looks at. */
    private static NSDictionary manifest() {
        NSDictionary lockdown = new NSDictionary();
        lockdown.put("ProductVersion", "17.5");
        lockdown.put("DeviceName", "Test iPhone");
        NSDictionary plist = new NSDictionary();
        plist.put("IsEncrypted", true);
        plist.put("BackupKeyBag", new NSData(keyBag()));
        plist.put("ManifestKey", new NSData(classPrefixedKey()));
        plist.put("Version", "10.0");
        plist.put("WasPasscodeSet", false);
        plist.put("Lockdown", lockdown);
        return plist;
    }

    private static byte[] keyBag() {
        TlvBytes bag = new TlvBytes()
                .item("VERS", 4)
                .item("TYPE", 1)
                .item("UUID", filled(16, 9))
                .item("HMCK", filled(40, 8))
                .item("WRAP", 0)
                .item("SALT", filled(20, 1))
                .item("ITER", 10_000)
                .item("DPWT", 1)
                .item("DPIC", 10_000_000)
                .item("DPSL", filled(20, 2));
        for (int protectionClass = 1; protectionClass <= 3; protectionClass++) {
            bag.item("UUID", filled(16, protectionClass))
                    .item("CLAS", protectionClass)
                    .item("WRAP", 3)
                    .item("KTYP", 0)
                    .item("WPKY", filled(40, 0x40 + protectionClass));
        }
        return bag.bytes();
    }

    private static byte[] classPrefixedKey() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(4).array());
        out.writeBytes(filled(40, 0x5A));
        return out.toByteArray();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
