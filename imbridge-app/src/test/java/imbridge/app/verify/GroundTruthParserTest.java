package imbridge.app.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GroundTruthParserTest {
    static final String CONTRACT_EXAMPLE = """
            {"seed":7,
             "dataset":{"chats":30,"messages":20000,"attachments":1650},
             "owner":{"handles":["tel:+15550000001","mailto:owner@icloud.com"]},
             "portals":[
               {"portalId":"tel:+15551234567","kind":"dm","name":null,
                "members":["tel:+15551234567"],
                "parts":[
                  {"guid":"0c5e","part":"text","ts":1700000000123,"sender":"tel:+15551234567","fromMe":false,
                   "kind":"text","body":"hello"},
                  {"guid":"0c5e","part":"att0","ts":1700000000123,"sender":"tel:+15551234567","fromMe":false,
                   "kind":"file","filename":"IMG_0001.jpeg","mime":"image/jpeg","size":1234,"sha256":"ab12"}]}]}
            """;

    @Test
    void readsGhostProfilesWhenTheTruthListsThem() {
        String withGhosts = CONTRACT_EXAMPLE
                .strip()
                .replaceAll(
                        "}$",
                        ",\"ghosts\":[{\"handle\":\"tel:+15551234567\","
                                + "\"displayName\":\"Alice Smith\",\"avatarSha256\":\"ab12\"},{\"handle\":\"mailto:b@x.org\","
                                + "\"displayName\":\"b@x.org\",\"avatarSha256\":null}]}");

        assertThat(GroundTruthParser.parse(withGhosts).ghosts())
                .containsExactly(
                        new ExpectedGhost("tel:+15551234567", "Alice Smith", "ab12"),
                        new ExpectedGhost("mailto:b@x.org", "b@x.org", null));
        assertThat(GroundTruthParser.parse(CONTRACT_EXAMPLE).ghosts())
                .as("absent: not checked")
                .isEmpty();
        assertThatThrownBy(() -> GroundTruthParser.parse(
                        CONTRACT_EXAMPLE.strip().replaceAll("}$", ",\"ghosts\":[{\"displayName\":\"x\"}]}")))
                .hasMessageContaining("ghosts[0] has no handle");
    }

    @Test
    void parsesTheContractExample() {
        GroundTruth truth = GroundTruthParser.parse(CONTRACT_EXAMPLE);

        assertThat(truth.seed()).isEqualTo(7L);
        assertThat(truth.dataset()).isEqualTo(new DatasetSize(30, 20000, 1650));
        assertThat(truth.ownerHandles()).containsExactly("tel:+15550000001", "mailto:owner@icloud.com");
        assertThat(truth.partCount()).isEqualTo(2);
        ExpectedPortal portal = truth.portals().getFirst();
        assertThat(portal.portalId()).isEqualTo("tel:+15551234567");
        assertThat(portal.name()).isNull();
        assertThat(portal.parts().get(0))
                .isEqualTo(ExpectedPart.text("0c5e", 1700000000123L, "tel:+15551234567", false, "hello"));
        assertThat(portal.parts().get(1))
                .isEqualTo(ExpectedPart.file(
                        "0c5e",
                        0,
                        1700000000123L,
                        "tel:+15551234567",
                        false,
                        "IMG_0001.jpeg",
                        "image/jpeg",
                        1234,
                        "ab12"));
        assertThat(portal.parts().get(1).id()).isEqualTo(new PartId("0C5E", "att0"));
    }

    @Test
    void badInputGetsAnErrorThatSaysWhere() {
        assertThatThrownBy(
                        () -> GroundTruthParser.parse("{\"portals\":[{\"portalId\":\"p\",\"parts\":[{\"kind\":\"text\","
                                + "\"guid\":\"g\",\"part\":\"text\",\"sender\":\"s\",\"body\":\"b\"}]}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ground truth: portals[0].parts[0]: 'ts' must be an integer");
        assertThatThrownBy(() ->
                        GroundTruthParser.parse("{\"portals\":[{\"portalId\":\"p\",\"parts\":[{\"kind\":\"sticker\","
                                + "\"guid\":\"g\",\"part\":\"text\",\"sender\":\"s\",\"ts\":1}]}]}"))
                .hasMessageContaining("unknown kind 'sticker'");
        assertThatThrownBy(() -> GroundTruthParser.parse("{}")).hasMessageContaining("'portals' must be an array");
        assertThatThrownBy(() -> GroundTruthParser.parse("not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> GroundTruthParser.parse(
                        "{\"portals\":[{\"portalId\":\"p\",\"parts\":[]}," + "{\"portalId\":\"p\",\"parts\":[]}]}"))
                .hasMessageContaining("portal p twice");
    }

    @Test
    void rejectsThePartListedTwice() {
        String part = "{\"kind\":\"text\",\"guid\":\"g\",\"part\":\"text\",\"sender\":\"s\",\"ts\":1,\"body\":\"b\"}";
        assertThatThrownBy(() -> GroundTruthParser.parse("{\"portals\":[{\"portalId\":\"p\",\"parts\":[" + part + ","
                        + part.replace("\"g\"", "\"G\"") + "]}]}"))
                .hasMessageContaining("part G/text listed twice");
    }

    @Test
    void readsDeletedPortalsAndRejectedRecords() {
        GroundTruth truth = GroundTruthParser.parse(CONTRACT_EXAMPLE.strip().replaceFirst("}$", """
                ,"deletedPortals":["gid:abc","mailto:x@example.com"],
                 "rejectedRecords":[{"zone":"messageManateeZone","recordName":"r1","reason":"BAD_GUID"},
                                    {"zone":"chatManateeZone","recordName":"r2","reason":"WRONG_TYPE:stl"}]}"""));

        assertThat(truth.deletedPortals()).containsExactly("gid:abc", "mailto:x@example.com");
        assertThat(truth.rejectedRecords())
                .containsExactly(
                        new RejectedRecord("messageManateeZone", "r1", "BAD_GUID"),
                        new RejectedRecord("chatManateeZone", "r2", "WRONG_TYPE:stl"));
        assertThat(GroundTruthParser.parse(CONTRACT_EXAMPLE).deletedPortals()).isEmpty();
        assertThat(GroundTruthParser.parse(CONTRACT_EXAMPLE).rejectedRecords()).isEmpty();
    }

    @Test
    void badDeletionListsGetClearErrors() {
        assertThatThrownBy(() -> GroundTruthParser.parse("{\"portals\":[],\"deletedPortals\":\"p\"}"))
                .hasMessageContaining("'deletedPortals' must be an array");
        assertThatThrownBy(() -> GroundTruthParser.parse("{\"portals\":[],\"deletedPortals\":[1]}"))
                .hasMessageContaining("deletedPortals[0] must be a string");
        assertThatThrownBy(() -> GroundTruthParser.parse("{\"portals\":[],\"rejectedRecords\":[{\"zone\":\"z\"}]}"))
                .hasMessage("ground truth: rejectedRecords[0]: 'recordName' must be a string");
        assertThatThrownBy(() -> GroundTruthParser.parse(
                        "{\"portals\":[{\"portalId\":\"p\",\"parts\":[]}]," + "\"deletedPortals\":[\"p\"]}"))
                .hasMessageContaining("both as expected and as deleted");
    }
}
