package imbridge.applelocal.backup;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import imbridge.applelocal.codec.AppleDecodeException;
import imbridge.applelocal.codec.PropertyLists;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code Manifest.plist} says about a backup (binary or XML plist).
 *
 * @param encrypted      {@code IsEncrypted}: Manifest.db and every file are encrypted with the backup password
 * @param version        {@code Version} of the backup format, or null
 * @param productVersion {@code Lockdown.ProductVersion} (the iOS version), or null
 * @param deviceName     {@code Lockdown.DeviceName}, or null
 */
public record BackupManifest(boolean encrypted, String version, String productVersion, String deviceName) {

    public static BackupManifest read(Path manifestPlist) throws IosBackupException {
        if (!Files.isRegularFile(manifestPlist)) {
            throw new IosBackupException("no Manifest.plist in " + manifestPlist.getParent()
                    + ": not an iPhone backup folder (Finder/iTunes backups have Manifest.plist and Manifest.db)");
        }
        NSObject root;
        try {
            root = PropertyLists.binaryOrXml(Files.readAllBytes(manifestPlist), "Manifest.plist");
        } catch (AppleDecodeException | IOException e) {
            throw new IosBackupException(
                    "Manifest.plist in " + manifestPlist.getParent() + " is not a readable plist: " + e.getMessage(),
                    e);
        }
        if (!(root instanceof NSDictionary dict)) {
            throw new IosBackupException("Manifest.plist in " + manifestPlist.getParent() + " is not a dictionary");
        }
        NSDictionary lockdown = dict.objectForKey("Lockdown") instanceof NSDictionary d ? d : new NSDictionary();
        return new BackupManifest(
                bool(dict.objectForKey("IsEncrypted")),
                string(dict.objectForKey("Version")),
                string(lockdown.objectForKey("ProductVersion")),
                string(lockdown.objectForKey("DeviceName")));
    }

    private static boolean bool(NSObject o) {
        return o instanceof NSNumber n && n.boolValue();
    }

    private static String string(NSObject o) {
        return o instanceof NSString s ? s.getContent() : o == null ? null : o.toString();
    }
}
