package imbridge.sim.cloudkit;

import java.util.Locale;

/** Attachment records: a mix of image, video, PDF and audio files of 256 B to 48 KiB. */
final class AttachmentFactory {

    static final int MIN_SIZE = 256;
    static final int MAX_SIZE = 48 * 1024;

    private record FileType(String mime, String uti, double share) {}

    private static final FileType[] TYPES = {
        new FileType("image/jpeg", "public.jpeg", 0.45),
        new FileType("image/png", "public.png", 0.15),
        new FileType("video/mp4", "public.mpeg-4", 0.10),
        new FileType("application/pdf", "com.adobe.pdf", 0.10),
        new FileType("audio/x-caf", "com.apple.coreaudio-format", 0.12),
        new FileType("image/gif", "com.compuserve.gif", 0.08)
    };
    private static final String[] PDF_NAMES = {
        "Résumé.pdf", "Boarding Pass.pdf", "invoice-2023-07.pdf", "Menu 🍕.pdf", "lease agreement (signed).pdf"
    };

    private final long seed;
    private int counter;

    AttachmentFactory(long seed) {
        this.seed = seed;
    }

    /** The {@code index}-th attachment of a message. */
    AttachmentRecord next(SplitMix64 rnd, int index) {
        counter++;
        FileType type = pickType(rnd);
        String recordName = rnd.nextHex128();
        String guid = "at_" + index + "_" + rnd.nextUuid().toString().toUpperCase(Locale.ROOT);
        double logMin = Math.log(MIN_SIZE);
        double logMax = Math.log(MAX_SIZE);
        int size = (int) Math.min(MAX_SIZE, Math.round(Math.exp(logMin + (logMax - logMin) * rnd.nextDouble())));
        return AttachmentRecord.generated(seed, recordName, guid, type.mime(), type.uti(), filename(rnd, type), size);
    }

    private static FileType pickType(SplitMix64 rnd) {
        double p = rnd.nextDouble();
        for (FileType type : TYPES) {
            p -= type.share();
            if (p < 0) {
                return type;
            }
        }
        return TYPES[0];
    }

    private String filename(SplitMix64 rnd, FileType type) {
        return switch (type.mime()) {
            case "image/jpeg" -> String.format(Locale.ROOT, "IMG_%04d.jpeg", counter % 10_000);
            case "image/png" ->
                rnd.chance(0.5)
                        ? String.format(
                                Locale.ROOT,
                                "Screenshot 2023-%02d-%02d at %d.%02d.png",
                                rnd.nextInt(1, 12),
                                rnd.nextInt(1, 28),
                                rnd.nextInt(1, 12),
                                rnd.nextInt(60))
                        : String.format(Locale.ROOT, "IMG_%04d.png", counter % 10_000);
            case "video/mp4" -> String.format(Locale.ROOT, "VID_%04d.mp4", counter % 10_000);
            case "application/pdf" -> rnd.pick(PDF_NAMES);
            case "audio/x-caf" -> "Audio Message.caf";
            default -> "giphy.gif";
        };
    }
}
