package imbridge.matrix;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A bot command a real user typed in the management room: the first word is the command, the rest its
 * arguments ({@code backfill tel:+15551234567}).
 */
public record BotCommand(
        String roomId, String eventId, String sender, Name name, String word, List<String> args, long timestampMs) {

    /** The commands the bridge knows; anything else is {@link #UNKNOWN} (answered with help). */
    public enum Name {
        HELP("help"),
        STATUS("status"),
        SYNC("sync"),
        BACKFILL("backfill"),
        RETRY_ATTACHMENTS("retry-attachments"),
        RESTORE_CHAT("restore-chat"),
        UNKNOWN("");

        private final String word;

        Name(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Name of(String word) {
            for (Name n : values()) {
                if (n != UNKNOWN && n.word.equals(word)) {
                    return n;
                }
            }
            return UNKNOWN;
        }
    }

    public BotCommand {
        args = List.copyOf(args);
    }

    /** Parses a message body; null when it holds no command (blank). */
    static BotCommand parse(String roomId, String eventId, String sender, String body, long timestampMs) {
        String trimmed = body == null ? "" : body.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        List<String> words = Arrays.asList(trimmed.split("\\s+"));
        String word = words.getFirst().toLowerCase(Locale.ROOT);
        return new BotCommand(
                roomId, eventId, sender, Name.of(word), word, words.subList(1, words.size()), timestampMs);
    }
}
