package imbridge.applelocal.chatdb;

import java.util.Locale;
import java.util.Map;

/** MIME types for the UTIs Messages stores when {@code mime_type} is NULL (behaviour.md §AL1.4, §AL5.7, §AL6). */
final class UtiMimeTypes {
    private static final Map<String, String> BY_UTI = Map.ofEntries(
            Map.entry("public.jpeg", "image/jpeg"),
            Map.entry("public.png", "image/png"),
            Map.entry("public.heic", "image/heic"),
            Map.entry("public.heif", "image/heif"),
            Map.entry("com.compuserve.gif", "image/gif"),
            Map.entry("public.tiff", "image/tiff"),
            Map.entry("com.apple.quicktime-movie", "video/quicktime"),
            Map.entry("public.mpeg-4", "video/mp4"),
            Map.entry("com.apple.coreaudio-format", "audio/x-caf"),
            Map.entry("public.mp3", "audio/mpeg"),
            Map.entry("public.mpeg-4-audio", "audio/mp4"),
            Map.entry("com.adobe.pdf", "application/pdf"),
            Map.entry("public.vcard", "text/vcard"),
            Map.entry("public.plain-text", "text/plain"));

    private UtiMimeTypes() {}

    /** The MIME type a UTI names, or null for UTIs without exactly one. */
    static String forUti(String uti) {
        return uti == null ? null : BY_UTI.get(uti.trim().toLowerCase(Locale.ROOT));
    }
}
