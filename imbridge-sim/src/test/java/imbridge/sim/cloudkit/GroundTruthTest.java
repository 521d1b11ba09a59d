package imbridge.sim.cloudkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The truth rules on a small dataset whose expected output is worked out by hand. */
class GroundTruthTest {

    private static final String GID = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE";
    private static final String FFFC = "\uFFFC";
    /** 700000000.123456789 s after the Apple epoch = 978307200000 + 700000000123 Unix ms. */
    private static final long T = 700_000_000_123_456_789L;

    private static final long TS = 1_678_307_200_123L;

    private static MessageRecord message(
            String guid,
            String chatId,
            String sender,
            long time,
            boolean fromMe,
            String text,
            String subject,
            List<String> attachments) {
        long flags = fromMe ? MessageRecord.FLAG_FROM_ME | MessageRecord.FLAG_SENT : MessageRecord.FLAG_READ;
        return new MessageRecord(
                "rn-" + guid, guid, chatId, sender, time, flags, text, subject, attachments, "iMessage", 0);
    }

    private static Dataset handBuilt() {
        AttachmentRecord photo = AttachmentRecord.generated(
                1, "att-photo", "at_0_PHOTO", "image/jpeg", "public.jpeg", "IMG_0001.jpeg", 1000);
        AttachmentRecord pdf = AttachmentRecord.generated(
                1, "att-pdf", "at_1_PDF", "application/pdf", "com.adobe.pdf", "Résumé.pdf", 300);
        Dataset dataset = Dataset.builder(1)
                .add(new ChatRecord(
                        "chat-a",
                        "iMessage;-;+15551230001",
                        null,
                        ChatRecord.STYLE_DM,
                        "iMessage",
                        null,
                        List.of("tel:5551230001"),
                        0,
                        "iMessage;-;+15551230001"))
                .add(new ChatRecord(
                        "chat-g",
                        "chat123",
                        GID,
                        ChatRecord.STYLE_GROUP,
                        "iMessage",
                        "Book Club",
                        List.of("tel:+15551230001", "mailto:Carol@Example.com", "tel:+15550000001"),
                        0,
                        "iMessage;+;chat123"))
                .add(new ChatRecord(
                        "chat-empty",
                        "chat999",
                        "11111111-2222-4333-8444-555555555555",
                        ChatRecord.STYLE_GROUP,
                        "iMessage",
                        "Nobody talks",
                        List.of("tel:+15551239999"),
                        0,
                        "x"))
                .add(photo)
                .add(pdf)
                // DM with a chat record: raw sender forms, a from-me reply, a time before the epoch (floorDiv)
                .add(message(
                        "d1000000-0000-4000-8000-000000000001",
                        "iMessage;-;+15551230001",
                        "5551230001",
                        T,
                        false,
                        "  hello\n",
                        null,
                        List.of()))
                .add(message(
                        "d1000000-0000-4000-8000-000000000002",
                        "iMessage;-;+15551230001",
                        "owner@icloud.com",
                        T + 1_000_000,
                        true,
                        "hi!",
                        null,
                        List.of()))
                .add(message(
                        "d1000000-0000-4000-8000-000000000003",
                        "iMessage;-;+15551230001",
                        "+15551230001",
                        -1_500_000,
                        false,
                        "ancient",
                        null,
                        List.of()))
                // DMs without chat records: resolved from the sender, or from the chatID when from me
                .add(message(
                        "d2000000-0000-4000-8000-000000000001",
                        "iMessage;-;Bob.Jones@Example.COM",
                        "Bob.Jones@Example.COM",
                        T,
                        false,
                        "hi bob",
                        null,
                        List.of()))
                .add(message(
                        "d3000000-0000-4000-8000-000000000001",
                        "SMS;-;15551230002",
                        "+15550000001",
                        T,
                        true,
                        "sms from me",
                        null,
                        List.of()))
                // group: lower-case chatID, tie on ts broken by upper-case GUID, subject rules, missing attachment
                .add(message(
                        "bbbbbbbb-0000-4000-8000-000000000001",
                        GID.toLowerCase(),
                        "mailto:Carol@Example.com",
                        T,
                        false,
                        FFFC,
                        null,
                        List.of("at_0_PHOTO")))
                .add(message(
                        "aaaaaaaa-0000-4000-8000-000000000001",
                        GID,
                        "tel:+15551230001",
                        T + 500_000,
                        false,
                        FFFC + "with subject ",
                        "Re: plans",
                        List.of("at_0_MISSING", "at_1_PDF")))
                .add(message(
                        "cccccccc-0000-4000-8000-000000000001",
                        GID,
                        "carol@example.com",
                        T + 5_000_000,
                        false,
                        null,
                        "Only subject",
                        List.of()))
                .add(message(
                        "dddddddd-0000-4000-8000-000000000001",
                        GID,
                        "carol@example.com",
                        T + 6_000_000,
                        false,
                        " \n" + FFFC + " ",
                        null,
                        List.of()))
                .add(message(
                        "eeeeeeee-0000-4000-8000-000000000001",
                        GID,
                        "carol@example.com",
                        T + 7_000_000,
                        false,
                        "deleted later",
                        null,
                        List.of()))
                .build();
        dataset.delete(Zones.MESSAGES, "rn-eeeeeeee-0000-4000-8000-000000000001");
        return dataset;
    }

    @Test
    void portalsAreResolvedByTheChatAndMessageRules() {
        Truth truth = GroundTruth.compute(handBuilt());

        assertThat(truth.portals())
                .extracting(Truth.Portal::portalId, Truth.Portal::kind, Truth.Portal::name, Truth.Portal::members)
                .containsExactly(
                        tuple(
                                "gid:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
                                "group",
                                "Book Club",
                                List.of("tel:+15551230001", "mailto:carol@example.com")),
                        tuple("mailto:bob.jones@example.com", "dm", null, List.of("mailto:bob.jones@example.com")),
                        tuple("tel:+15551230001", "dm", null, List.of("tel:+15551230001")),
                        tuple("tel:+15551230002", "dm", null, List.of("tel:+15551230002")));
        assertThat(truth.ownerHandles()).containsExactly("tel:+15550000001", "mailto:owner@icloud.com");
        assertThat(truth.partCount()).isEqualTo(9);
    }

    @Test
    void dmPartsAreOrderedByTimestampWithNormalisedSenders() {
        Truth.Portal dm = portal(GroundTruth.compute(handBuilt()), "tel:+15551230001");

        assertThat(dm.parts())
                .extracting(
                        Truth.Part::guid,
                        Truth.Part::part,
                        Truth.Part::ts,
                        Truth.Part::sender,
                        Truth.Part::fromMe,
                        Truth.Part::body)
                .containsExactly(
                        tuple(
                                "d1000000-0000-4000-8000-000000000003",
                                "text",
                                978_307_199_998L,
                                "tel:+15551230001",
                                false,
                                "ancient"),
                        tuple("d1000000-0000-4000-8000-000000000001", "text", TS, "tel:+15551230001", false, "hello"),
                        tuple("d1000000-0000-4000-8000-000000000002", "text", TS + 1, "tel:+15550000001", true, "hi!"));
    }

    @Test
    void chatlessDmsResolveFromSenderOrChatId() {
        Truth truth = GroundTruth.compute(handBuilt());

        assertThat(portal(truth, "mailto:bob.jones@example.com").parts())
                .extracting(Truth.Part::sender, Truth.Part::body)
                .containsExactly(tuple("mailto:bob.jones@example.com", "hi bob"));
        assertThat(portal(truth, "tel:+15551230002").parts())
                .extracting(Truth.Part::sender, Truth.Part::fromMe, Truth.Part::body)
                .containsExactly(tuple("tel:+15550000001", true, "sms from me"));
    }

    @Test
    void groupPartsFollowTextThenAttachmentRules() {
        Truth.Portal group = portal(GroundTruth.compute(handBuilt()), "gid:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");

        assertThat(group.parts())
                .extracting(
                        Truth.Part::guid,
                        Truth.Part::part,
                        Truth.Part::ts,
                        Truth.Part::kind,
                        Truth.Part::body,
                        Truth.Part::filename)
                .containsExactly(
                        // same ts: AAAAAAAA… sorts before BBBBBBBB…
                        tuple(
                                "aaaaaaaa-0000-4000-8000-000000000001",
                                "text",
                                TS,
                                "text",
                                "**Re: plans**\nwith subject",
                                null),
                        tuple("aaaaaaaa-0000-4000-8000-000000000001", "att1", TS, "file", null, "Résumé.pdf"),
                        tuple("bbbbbbbb-0000-4000-8000-000000000001", "att0", TS, "file", null, "IMG_0001.jpeg"),
                        tuple("cccccccc-0000-4000-8000-000000000001", "text", TS + 5, "text", "Only subject", null));
        Truth.Part photo = group.parts().get(2);
        assertThat(photo.mime()).isEqualTo("image/jpeg");
        assertThat(photo.size()).isEqualTo(1000L);
        assertThat(photo.sha256())
                .isEqualTo(AssetBytes.sha256Hex(AssetBytes.generate(1, "att-photo", "image/jpeg", 1000)));
        assertThat(photo.sender()).isEqualTo("mailto:carol@example.com");
    }

    @Test
    void duplicateGuidsInDifferentCaseCountOnceWithTheNewestVersion() {
        Dataset dataset = Dataset.builder(2)
                .add(message(
                        "abcdef00-0000-4000-8000-000000000001",
                        "iMessage;-;+15551230001",
                        "+15551230001",
                        T,
                        false,
                        "first version",
                        null,
                        List.of()))
                .build();
        dataset.append(new MessageRecord(
                "another-record",
                "ABCDEF00-0000-4000-8000-000000000001",
                "iMessage;-;+15551230001",
                "+15551230001",
                T,
                MessageRecord.FLAG_READ,
                "second version",
                null,
                List.of(),
                "iMessage",
                0));

        Truth truth = GroundTruth.compute(dataset);

        assertThat(truth.portals())
                .singleElement()
                .satisfies(p -> assertThat(p.parts())
                        .extracting(Truth.Part::guid, Truth.Part::body)
                        .containsExactly(tuple("ABCDEF00-0000-4000-8000-000000000001", "second version")));
    }

    @Test
    void jsonHasTheContractShape() throws IOException {
        JsonNode json = SimHttp.JSON.readTree(TruthJson.toBytes(GroundTruth.compute(handBuilt())));

        assertThat(json.get("seed").asLong()).isEqualTo(1);
        assertThat(json.get("dataset").get("messages").asInt()).isEqualTo(10);
        assertThat(json.get("dataset").get("chats").asInt()).isEqualTo(3);
        assertThat(json.get("owner").get("handles").get(0).asText()).isEqualTo("tel:+15550000001");
        JsonNode dm = json.get("portals").get(2);
        assertThat(dm.has("name")).isTrue();
        assertThat(dm.get("name").isNull()).isTrue();
        JsonNode filePart = json.get("portals").get(0).get("parts").get(1);
        assertThat(filePart.fieldNames())
                .toIterable()
                .containsExactly(
                        "guid", "part", "ts", "sender", "fromMe", "kind", "filename", "mime", "size", "sha256");
        JsonNode textPart = json.get("portals").get(0).get("parts").get(0);
        assertThat(textPart.fieldNames())
                .toIterable()
                .containsExactly("guid", "part", "ts", "sender", "fromMe", "kind", "body");
    }

    private static Truth.Portal portal(Truth truth, String portalId) {
        return truth.portals().stream()
                .filter(p -> p.portalId().equals(portalId))
                .findFirst()
                .orElseThrow();
    }

    private static MessageRecord tapback(
            String guid, long time, boolean fromMe, long type, String target, String emoji) {
        long flags = fromMe ? MessageRecord.FLAG_FROM_ME | MessageRecord.FLAG_SENT : MessageRecord.FLAG_READ;
        return new MessageRecord(
                "rn-" + guid,
                guid,
                "iMessage;-;+15551230001",
                fromMe ? null : "+15551230001",
                time,
                flags,
                null,
                null,
                List.of(),
                "iMessage",
                0,
                MessageMeta.tapback(type, target, emoji));
    }

    @Test
    void standingTapbacksBecomeReactionsOnEarlierAnchoredTargets() throws IOException {
        String first = "d1000000-0000-4000-8000-000000000001";
        String mine = "d1000000-0000-4000-8000-000000000002";
        Dataset dataset = handBuilt();
        dataset.append(tapback("t1", T + 2_000_000, false, 2000, first, null)); // ❤️ stays
        dataset.append(tapback("t2", T + 3_000_000, true, 2006, first, "")); // custom, empty → 👍
        dataset.append(tapback("t3", T + 4_000_000, false, 2003, mine, null)); // 😂 ...
        dataset.append(tapback("t4", T + 5_000_000, false, 3003, mine, null)); // ... removed
        dataset.append(tapback("t5", T + 6_000_000, false, 2000, first.toUpperCase(), null)); // repeat of t1
        dataset.append(tapback("t6", T + 7_000_000, false, 2001, "unknown-guid", null)); // no target
        dataset.append(tapback("t7", T + 8_000_000, false, 3001, "unknown-guid", null)); // removes nothing
        dataset.append(tapback("t0", T - 2_000_000, false, 2002, first, null)); // before its target

        Truth truth = GroundTruth.compute(dataset);
        Truth.Portal dm = portal(truth, "tel:+15551230001");

        assertThat(dm.parts())
                .filteredOn(p -> p.part().equals("reaction"))
                .extracting(
                        Truth.Part::guid,
                        Truth.Part::kind,
                        Truth.Part::key,
                        Truth.Part::target,
                        Truth.Part::sender,
                        Truth.Part::fromMe,
                        Truth.Part::ts)
                .containsExactly(
                        tuple("t1", "reaction", "❤️", first, "tel:+15551230001", false, TS + 2),
                        tuple("t2", "reaction", "👍", first, "tel:+15550000001", true, TS + 3));
        assertThat(dm.parts()).extracting(Truth.Part::guid).endsWith("t1", "t2");
        JsonNode json = Json.MAPPER.readTree(TruthJson.toBytes(truth));
        JsonNode reaction = json.path("portals").findValues("parts").stream()
                .flatMap(parts -> java.util.stream.StreamSupport.stream(parts.spliterator(), false))
                .filter(p -> p.path("guid").asText().equals("t1"))
                .findFirst()
                .orElseThrow();
        assertThat(reaction.path("part").asText()).isEqualTo("reaction");
        assertThat(reaction.path("kind").asText()).isEqualTo("reaction");
        assertThat(reaction.path("key").asText()).isEqualTo("❤️");
        assertThat(reaction.path("target").asText()).isEqualTo(first);
        assertThat(reaction.has("body")).isFalse();
        assertThat(reaction.has("filename")).isFalse();
    }
}
