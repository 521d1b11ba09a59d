package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.MessageExtras;
import imbridge.core.model.RecordReject;
import imbridge.core.model.ZonePage;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The message fields of the full record model (wire-contracts.md §1 "Full record model (issue 3)"). */
class FullRecordModelTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String TARGET = "0C5E8F8A-1B2C-4D3E-8F90-A1B2C3D4E5F6";

    private final ZonePageDecoder<CloudMessage> messages = ZonePageDecoder.messages(Fixtures.JSON);

    @Test
    void everyKindOfMessageDecodesWithItsExtras() throws Exception {
        ZonePage<CloudMessage> page = messages.decode(Fixtures.json("messages-full.json"));
        Map<String, CloudMessage> byName =
                page.records().stream().collect(Collectors.toMap(CloudMessage::recordName, Function.identity()));

        assertThat(page.rejects()).isEmpty();
        assertThat(byName).hasSize(9);
        assertThat(byName.get("m-tapback").extras())
                .isEqualTo(new MessageExtras(2001, "p:0/" + TARGET, null, null, false, 0, 0, 0));
        assertThat(byName.get("m-tapback").extras().isTapback()).isTrue();
        assertThat(byName.get("m-tapback").extras().tapbackTarget()).isEqualTo(TARGET);
        assertThat(byName.get("m-custom-emoji").extras())
                .isEqualTo(new MessageExtras(3006, "p:1/" + TARGET, "🦄", null, false, 0, 0, 0));
        assertThat(byName.get("m-reply").extras().replyToGuid()).isEqualTo(TARGET.toLowerCase());
        assertThat(byName.get("m-bare").extras().replyToGuid())
                .as("a bare GUID is its own target")
                .isEqualTo(TARGET.toLowerCase());
    }

    @Test
    void unsentEditedAndReadMarkersBecomeUnixMilliseconds() throws Exception {
        Map<String, CloudMessage> byName = decodeFixture();

        CloudMessage unsent = byName.get("m-unsent");
        assertThat(unsent.extras().unsent()).isTrue();
        assertThat(unsent.text()).isNull();
        assertThat(unsent.hasBody()).isFalse();
        assertThat(unsent.fromMe()).isTrue();

        CloudMessage edited = byName.get("m-edited");
        assertThat(edited.extras())
                .isEqualTo(new MessageExtras(null, null, null, null, false, T0 + 100_000, T0 + 150_500, 1));
        assertThat(edited.text()).isEqualTo("edited body");
    }

    @Test
    void oddSecondaryMarkersAreDroppedNotFatal() throws Exception {
        CloudMessage odd = decodeFixture().get("m-odd-markers");

        assertThat(odd.extras())
                .as("unparsable reply, implausible edit time, zero read time, unsent 0")
                .isEqualTo(MessageExtras.NONE);
        assertThat(odd.text()).isEqualTo("hm");
    }

    /** The engine filters system and service messages with a counted reason; the client must hand them over. */
    @Test
    void systemAndServiceMessagesAreDecodedWithTheirFlags() throws Exception {
        Map<String, CloudMessage> byName = decodeFixture();

        assertThat(byName.get("m-system").flags()).isEqualTo(CloudMessage.FLAG_SYSTEM);
        assertThat(byName.get("m-system").isSystemOrService()).isTrue();
        assertThat(byName.get("m-system").sender()).isNull();
        assertThat(byName.get("m-system").extras().msgType()).isEqualTo(2);
        assertThat(byName.get("m-service").flags()).isEqualTo(CloudMessage.FLAG_SERVICE);
        assertThat(byName.get("m-service").isSystemOrService()).isTrue();
        assertThat(byName.get("m-tapback").isSystemOrService()).isFalse();
    }

    /** Only guid, time and chatID are required (wire-contracts.md §1); flags default to 0 and sender to none. */
    @Test
    void aMessageWithOnlyTheRequiredFieldsDecodes() throws Exception {
        CloudMessage bare = decodeFixture().get("m-bare");

        assertThat(bare.flags()).isZero();
        assertThat(bare.fromMe()).isFalse();
        assertThat(bare.sender()).isNull();
        assertThat(bare.timestampMs()).isEqualTo(T0);
        assertThat(bare.hasBody()).isFalse();
    }

    @Test
    void textLongerThanAMillionCharactersIsQuarantined() throws Exception {
        JsonNode entry = page(
                message("at-limit", "a1000000-0000-4000-8000-00000000000a", "x".repeat(1_000_000)),
                message("over-limit", "a1000000-0000-4000-8000-00000000000b", "x".repeat(1_000_001)),
                // 600,000 emoji are 1.2 million UTF-16 units but only 600,000 characters.
                message("emoji", "a1000000-0000-4000-8000-00000000000c", "😀".repeat(600_000)));

        ZonePage<CloudMessage> page = messages.decode(entry);

        assertThat(page.records()).extracting(CloudMessage::recordName).containsExactly("at-limit", "emoji");
        RecordReject reject = page.rejects().getFirst();
        assertThat(page.rejects()).hasSize(1);
        assertThat(reject.recordName()).isEqualTo("over-limit");
        assertThat(reject.reason()).isEqualTo(RejectReasons.OVERSIZE_TEXT);
        assertThat(reject.rawJson())
                .as("the stored raw record is cut short")
                .hasSizeLessThan(ZonePageDecoder.MAX_RAW_CHARS + 100)
                .contains("truncated");
    }

    /** Without a sign of invalid bytes in the body, U+FFFD is just a character someone typed. */
    @Test
    void aReplacementCharacterInAValidBodyIsKept() throws Exception {
        JsonNode entry = page(message("typed", "a1000000-0000-4000-8000-00000000000d", "broken \uFFFD emoji"));

        ZonePage<CloudMessage> page = messages.decode(entry);

        assertThat(page.rejects()).isEmpty();
        assertThat(page.records().getFirst().text()).isEqualTo("broken \uFFFD emoji");
    }

    @Test
    void inADamagedBodyRecordsWithReplacementCharactersAreQuarantinedByField() throws Exception {
        ObjectNode badSender = message("bad-sender", "a1000000-0000-4000-8000-00000000000e", "fine");
        ((ObjectNode) badSender.path("fields").path("sender")).put("value", "+1555\uFFFD\uFFFD1234");
        JsonNode entry = page(
                message("good", "a1000000-0000-4000-8000-00000000000f", "fine"),
                message("bad-text", "a1000000-0000-4000-8000-000000000010", "caf\uFFFD"),
                badSender);

        ZonePage<CloudMessage> page = messages.decode(entry, true);

        assertThat(page.records()).extracting(CloudMessage::recordName).containsExactly("good");
        assertThat(page.rejects())
                .extracting(RecordReject::recordName, RecordReject::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bad-text", "INVALID_UTF8:text"),
                        org.assertj.core.groups.Tuple.tuple("bad-sender", "INVALID_UTF8:sender"));
    }

    private Map<String, CloudMessage> decodeFixture() throws Exception {
        return messages.decode(Fixtures.json("messages-full.json")).records().stream()
                .collect(Collectors.toMap(CloudMessage::recordName, Function.identity()));
    }

    private static JsonNode page(ObjectNode... records) {
        ObjectNode entry = Fixtures.JSON.createObjectNode();
        entry.putObject("zoneID").put("zoneName", "messageManateeZone").put("ownerName", "_defaultOwner");
        var array = entry.putArray("records");
        for (ObjectNode record : records) {
            array.add(record);
        }
        entry.put("syncToken", "dG9r").put("moreComing", false);
        return entry;
    }

    static ObjectNode message(String recordName, String guid, String text) {
        ObjectNode record = Fixtures.JSON.createObjectNode();
        record.put("recordName", recordName).put("recordType", "MessageEncryptedV3");
        ObjectNode fields = record.putObject("fields");
        field(fields, "guid", "STRING").put("value", guid);
        field(fields, "chatID", "STRING").put("value", "iMessage;-;+15551234567");
        field(fields, "sender", "STRING").put("value", "+15551234567");
        field(fields, "time", "INT64").put("value", 721_692_800_000_000_000L);
        field(fields, "flags", "INT64").put("value", 0);
        field(fields, "text", "STRING").put("value", text);
        return record;
    }

    private static ObjectNode field(ObjectNode fields, String name, String type) {
        return fields.putObject(name).put("type", type);
    }
}
