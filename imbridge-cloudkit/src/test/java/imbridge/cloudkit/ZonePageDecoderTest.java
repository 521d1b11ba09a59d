package imbridge.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.CloudChat;
import imbridge.core.model.CloudMessage;
import imbridge.core.model.RecordReject;
import imbridge.core.model.Zone;
import imbridge.core.model.ZonePage;
import imbridge.core.port.CloudSourceException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZonePageDecoderTest {

    private final ZonePageDecoder<CloudChat> chats = ZonePageDecoder.chats(Fixtures.JSON);
    private final ZonePageDecoder<CloudMessage> messages = ZonePageDecoder.messages(Fixtures.JSON);
    private final ZonePageDecoder<CloudAttachment> attachments = ZonePageDecoder.attachments(Fixtures.JSON);

    @Test
    void decodesChatsAndTombstones() throws Exception {
        ZonePage<CloudChat> page = chats.decode(Fixtures.json("chats-page.json"));

        assertThat(page.records())
                .containsExactly(
                        new CloudChat(
                                "c-dm-1",
                                "iMessage;-;+15551234567",
                                null,
                                45,
                                "iMessage",
                                null,
                                java.util.List.of("tel:+15551234567"),
                                false),
                        new CloudChat(
                                "c-group-1",
                                "chat123456789",
                                "5A1C0C9E-7D3B-4C59-9E55-0B4D7C7E2A11",
                                43,
                                "iMessage",
                                "Climbing crew",
                                java.util.List.of("tel:5559876543", "mailto:Someone@Example.com"),
                                true),
                        new CloudChat("c-no-cid", "c-no-cid", null, 45, null, null, java.util.List.of(), false));
        assertThat(page.records().get(1).isGroup()).isTrue();
        assertThat(page.deletedRecordNames()).containsExactly("c-gone");
        assertThat(page.rejects()).isEmpty();
        assertThat(page.syncToken()).isEqualTo("Y2hhdHM6NA==");
        assertThat(page.moreComing()).isTrue();
    }

    @Test
    void decodesMessages() throws Exception {
        ZonePage<CloudMessage> page = messages.decode(Fixtures.json("messages-page.json"));

        assertThat(page.rejects()).isEmpty();
        assertThat(page.deletedRecordNames()).containsExactly("m-gone");
        assertThat(page.syncToken()).isEqualTo("bWVzc2FnZXM6NA==");
        assertThat(page.moreComing()).isFalse();
        assertThat(page.records()).hasSize(3);

        CloudMessage text = page.records().get(0);
        assertThat(text.recordName()).isEqualTo("m-text");
        assertThat(text.guid()).isEqualTo("0c5e8f8a-1b2c-4d3e-8f90-a1b2c3d4e5f6");
        assertThat(text.chatId()).isEqualTo("iMessage;-;+15551234567");
        assertThat(text.sender()).isEqualTo("+15551234567");
        assertThat(text.fromMe()).isFalse();
        // 721692800123456789 ns after 2001-01-01 = 1700000000123.456789 Unix ms, floored
        assertThat(text.timestampMs()).isEqualTo(1_700_000_000_123L);
        assertThat(text.text()).isEqualTo("hello");
        assertThat(text.subject()).isNull();
        assertThat(text.service()).isEqualTo("iMessage");
        assertThat(text.flags()).isEqualTo(40960L);
        assertThat(text.attachmentGuids()).isEmpty();
        assertThat(text.hasBody()).isTrue();

        CloudMessage fromMe = page.records().get(1);
        assertThat(fromMe.fromMe()).isTrue();
        assertThat(fromMe.sender()).isNull();
        assertThat(fromMe.subject()).isEqualTo("Saturday");
        assertThat(fromMe.timestampMs()).isEqualTo(1_700_000_001_000L);

        CloudMessage attachmentOnly = page.records().get(2);
        assertThat(attachmentOnly.guid())
                .as("empty guid falls back to the record name")
                .isEqualTo("2e7a0bac-3d4e-4f50-8b12-c3d4e5f60718");
        assertThat(attachmentOnly.text()).isNull();
        assertThat(attachmentOnly.attachmentGuids())
                .as("empty, non-ASCII and over-long GUIDs are dropped, order kept")
                .containsExactly("at_0_2E7A0BAC", "at_1_2E7A0BAC");
        assertThat(attachmentOnly.hasBody()).isTrue();
        assertThat(attachmentOnly.timestampMs()).isEqualTo(1_700_000_002_000L);
    }

    @Test
    void messageWithNeitherTextNorAttachmentsHasNoBody() throws Exception {
        JsonNode entry = Fixtures.JSON.readTree("""
                {"records":[{"recordName":"r","recordType":"MessageEncryptedV3","fields":{
                  "guid":{"value":"0C5E8F8A-1B2C-4D3E-8F90-A1B2C3D4E5F6","type":"STRING"},
                  "chatID":{"value":"chat1","type":"STRING"},"sender":{"value":"+15551234567","type":"STRING"},
                  "time":{"value":721692800000000000,"type":"INT64"},"flags":{"value":0,"type":"INT64"},
                  "attachments":{"value":[""],"type":"STRING_LIST"}}}]}""");

        CloudMessage message = messages.decode(entry).records().getFirst();

        assertThat(message.hasBody()).isFalse();
        assertThat(message.guid())
                .as("upper-case GUIDs are accepted as they are")
                .startsWith("0C5E");
    }

    @Test
    void aRecordChangedTwiceInOnePageKeepsItsLatestStateAndARecordThenItsTombstoneKeepsBoth() throws Exception {
        String msg = """
                {"recordName":"%s","recordType":"MessageEncryptedV3","fields":{
                  "guid":{"value":"0c5e8f8a-1b2c-4d3e-8f90-a1b2c3d4e5f6","type":"STRING"},
                  "chatID":{"value":"chat1","type":"STRING"},"sender":{"value":"+15551234567","type":"STRING"},
                  "time":{"value":721692800000000000,"type":"INT64"},"flags":{"value":0,"type":"INT64"},
                  "text":{"value":"%s","type":"STRING"}}}""";
        String tomb = "{\"recordName\":\"%s\",\"deleted\":true}";
        JsonNode entry = Fixtures.JSON.readTree("{\"records\":["
                + String.join(
                        ",",
                        msg.formatted("A", "one"),
                        msg.formatted("B", "b"),
                        tomb.formatted("B"),
                        msg.formatted("A", "two"),
                        msg.formatted("C", "c"),
                        tomb.formatted("D"),
                        tomb.formatted("E"),
                        msg.formatted("E", "back"))
                + "]}");

        ZonePage<CloudMessage> page = messages.decode(entry);

        // B is kept beside its tombstone: the store applies upserts before tombstones, so it learns which
        // conversation the tombstone deletes; E was re-created after its tombstone, so only the record stays.
        assertThat(page.records())
                .extracting(CloudMessage::recordName, CloudMessage::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("B", "b"),
                        org.assertj.core.groups.Tuple.tuple("A", "two"),
                        org.assertj.core.groups.Tuple.tuple("C", "c"),
                        org.assertj.core.groups.Tuple.tuple("E", "back"));
        assertThat(page.deletedRecordNames()).containsExactly("B", "D");
    }

    @Test
    void decodesAttachments() throws Exception {
        ZonePage<CloudAttachment> page = attachments.decode(Fixtures.json("attachments-page.json"));

        assertThat(page.rejects()).isEmpty();
        assertThat(page.records())
                .containsExactly(
                        new CloudAttachment(
                                "a-1",
                                "at_0_2E7A0BAC",
                                "image/jpeg",
                                "public.jpeg",
                                "IMG_0001.jpeg",
                                1234,
                                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                "http://127.0.0.1:9/assets/a-1"),
                        new CloudAttachment(
                                "a-2",
                                "at_1_2E7A0BAC",
                                null,
                                null,
                                null,
                                0,
                                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                "http://127.0.0.1:9/assets/a-2"));
        assertThat(page.deletedRecordNames()).containsExactly("a-gone");
    }

    /**
     * Reasons are the simulator's codes (wire-contracts.md §1), so quarantined records can be matched against the
     * truth.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad-guid              | BAD_GUID",
                "no-guid-bad-name      | MISSING_FIELD:guid",
                "missing-time          | MISSING_FIELD:time",
                "time-as-string        | WRONG_TYPE:time",
                "time-string-value     | WRONG_TYPE:time",
                "time-fraction         | WRONG_TYPE:time",
                "time-absurd-future    | ABSURD_TIMESTAMP",
                "time-in-seconds       | ABSURD_TIMESTAMP",
                "time-negative         | ABSURD_TIMESTAMP",
                "time-too-big          | WRONG_TYPE:time",
                "missing-chat          | MISSING_FIELD:chatID",
                "empty-chat            | MISSING_FIELD:chatID",
                "text-number           | WRONG_TYPE:text",
                "attachments-not-list  | WRONG_TYPE:attachments",
                "assoc-type-text       | WRONG_TYPE:assocType",
                "field-not-dict        | WRONG_TYPE:guid",
                "no-fields             | MISSING_FIELD:fields",
                "wrong-type            | UNEXPECTED_RECORD_TYPE",
                "unknown-type          | UNEXPECTED_RECORD_TYPE",
                "no-type               | MISSING_FIELD:recordType",
                "pcs-missing           | SERVER_ERROR:PCS_KEY_MISSING",
                "deleted-string        | WRONG_TYPE:deleted",
            })
    void rejectsMalformedMessagesWithTheirReasonCode(String recordName, String reason) throws Exception {
        ZonePage<CloudMessage> page = messages.decode(Fixtures.json("messages-malformed.json"));

        RecordReject reject = rejectsByName(page).get(recordName);
        assertThat(reject).as("reject for %s", recordName).isNotNull();
        assertThat(reject.reason()).isEqualTo(reason);
        assertThat(reject.zone()).isEqualTo(Zone.MESSAGES);
        assertThat(Fixtures.JSON.readTree(reject.rawJson()).path("recordName").asText())
                .isEqualTo(recordName);
    }

    @Test
    void aPageOfBadRecordsIsStillAPage() throws Exception {
        ZonePage<CloudMessage> page = messages.decode(Fixtures.json("messages-malformed.json"));

        assertThat(page.records()).isEmpty();
        assertThat(page.deletedRecordNames()).isEmpty();
        assertThat(page.rejects())
                .hasSize(
                        Fixtures.json("messages-malformed.json").path("records").size());
        assertThat(page.rejects())
                .filteredOn(r -> r.recordName() == null)
                .extracting(RecordReject::reason)
                .containsExactlyInAnyOrder("MISSING_FIELD:recordName", "NOT_A_RECORD");
        assertThat(page.syncToken()).as("an empty token is no token").isNull();
        assertThat(page.moreComing()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no-style          | MISSING_FIELD:stl",
                "style-string      | WRONG_TYPE:stl",
                "ptcpts-not-list   | WRONG_TYPE:ptcpts",
                "ptcpt-without-id  | WRONG_TYPE:ptcpts",
                "filt-bool         | WRONG_TYPE:filt",
                "guid-number       | WRONG_TYPE:guid",
            })
    void rejectsMalformedChats(String recordName, String reason) throws Exception {
        ZonePage<CloudChat> page = chats.decode(Fixtures.json("chats-malformed.json"));

        assertThat(page.records()).isEmpty();
        assertThat(rejectsByName(page).get(recordName).reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no-asset        | MISSING_FIELD:lqa",
                "asset-number    | WRONG_TYPE:lqa",
                "bad-checksum    | BAD_VALUE:lqa",
                "no-url          | BAD_VALUE:lqa",
                "relative-url    | BAD_VALUE:lqa",
                "size-disagrees  | BAD_VALUE:size",
                "no-size         | MISSING_FIELD:size",
                "no-guid         | MISSING_FIELD:guid",
                "guid-non-ascii  | BAD_GUID",
            })
    void rejectsMalformedAttachments(String recordName, String reason) throws Exception {
        ZonePage<CloudAttachment> page = attachments.decode(Fixtures.json("attachments-malformed.json"));

        assertThat(page.records()).isEmpty();
        assertThat(rejectsByName(page).get(recordName).reason()).isEqualTo(reason);
    }

    @Test
    void brokenEnvelopeIsABadResponse() throws Exception {
        assertBadResponse("{\"records\":{}}", "'records' is object");
        assertBadResponse("{\"records\":[],\"syncToken\":7}", "'syncToken' is number 7");
        assertBadResponse("{\"records\":[],\"moreComing\":\"yes\"}", "'moreComing' is string");
    }

    @Test
    void absentRecordsTokenAndMoreComingMeanAnEmptyFinalPage() throws Exception {
        ZonePage<CloudChat> page = chats.decode(Fixtures.JSON.readTree("{}"));

        assertThat(page.records()).isEmpty();
        assertThat(page.syncToken()).isNull();
        assertThat(page.moreComing()).isFalse();
    }

    private void assertBadResponse(String entry, String reason) throws Exception {
        JsonNode node = Fixtures.JSON.readTree(entry);
        assertThatThrownBy(() -> chats.decode(node)).isInstanceOfSatisfying(CloudSourceException.class, e -> {
            assertThat(e.serverErrorCode()).isEqualTo(CloudKitErrors.BAD_RESPONSE);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    private static Map<String, RecordReject> rejectsByName(ZonePage<?> page) {
        return page.rejects().stream()
                .filter(r -> r.recordName() != null)
                .collect(Collectors.toMap(RecordReject::recordName, Function.identity()));
    }
}
