package imbridge.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import imbridge.applelocal.codec.AppleDecodeException;
import imbridge.applelocal.codec.AppleFacts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints what imbridge decodes from one Apple blob, or what it finds in a database, as JSON: what a user attaches
 * to a bug report ("this message came out wrong") without sharing the whole database.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Decodes one Apple blob (a message's attributedBody, message_summary_info or payload_data, "
                + "saved to a file) or describes a chat.db / sms.db (schema version and counts), as JSON.")
final class AppleInspectCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--attributed-body", description = "a message's attributedBody (typedstream) saved to a file")
        Path attributedBody;

        @Option(names = "--summary-info", description = "a message's message_summary_info (binary plist)")
        Path summaryInfo;

        @Option(names = "--payload", description = "a URL balloon's payload_data (NSKeyedArchiver plist)")
        Path payload;

        @Option(names = "--db", description = "a chat.db or sms.db: prints the detected schema and counts")
        Path db;
    }

    private final PrintStream out;
    private final PrintStream err;

    AppleInspectCommand() {
        this(System.out, System.err);
    }

    AppleInspectCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            JsonNode facts = facts();
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(facts));
            return 0;
        } catch (AppleDecodeException e) {
            err.println("imbridge apple inspect: not a valid Apple encoding: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("imbridge apple inspect: " + e.getMessage());
            return 2;
        }
    }

    private JsonNode facts() throws IOException, AppleDecodeException {
        if (input.attributedBody != null) {
            return AppleFacts.attributedBody(Files.readAllBytes(input.attributedBody));
        }
        if (input.summaryInfo != null) {
            return AppleFacts.summaryInfo(Files.readAllBytes(input.summaryInfo));
        }
        if (input.payload != null) {
            return AppleFacts.urlPayload(Files.readAllBytes(input.payload));
        }
        return DatabaseFacts.of(input.db);
    }
}
