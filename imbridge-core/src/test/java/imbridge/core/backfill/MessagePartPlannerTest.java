package imbridge.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagePartPlannerTest {
    private final MessagePartPlanner planner = new MessagePartPlanner("tel:+15550000001");
    private final CloudAttachment a0 =
            new CloudAttachment("ra", "ga", "image/png", "public.png", "a.png", 3, null, null);
    private final CloudAttachment a1 =
            new CloudAttachment("rb", "gb", "application/pdf", "com.adobe.pdf", "b.pdf", 4, null, null);

    private MessageRow row(String text, String subject, boolean fromMe, List<CloudAttachment> atts) {
        return new MessageRow(
                "abc-1",
                "rec",
                "chat",
                "tel:+15551112222",
                1000,
                "5551112222",
                fromMe,
                text,
                subject,
                "iMessage",
                atts,
                true,
                false);
    }

    /** The store keeps {@code partCount} per message for the dashboard: it must be what planning makes. */
    @Test
    void partCountIsHowManyPartsThePlanHas() {
        MessageRow noSender = new MessageRow(
                "abc-2", "rec", "chat", "tel:+1", 1, " ", false, "hi", null, "iMessage", List.of(a0), true, false);
        MessageRow tapback = withExtras(
                row("hi", null, false, List.of()),
                new imbridge.core.model.MessageExtras(2001, "p:0/X", null, null, false, 0, 0, 0));
        MessageRow unsent = withExtras(
                row("hi", null, true, List.of(a0)),
                new imbridge.core.model.MessageExtras(null, null, null, null, true, 0, 0, 0));
        List<MessageRow> rows = List.of(
                row(" hi \n", null, false, List.of(a0, a1)),
                row("\uFFFC", null, true, List.of(a0)),
                row("", "Subj", false, List.of()),
                row(" ", " ", false, List.of()),
                noSender,
                tapback,
                unsent);
        assertThat(rows)
                .allSatisfy(r -> assertThat(MessagePartPlanner.partCount(r))
                        .as(r.toString())
                        .isEqualTo(planner.plan(r).size()));
        assertThat(rows).extracting(MessagePartPlanner::partCount).containsExactly(3, 1, 1, 0, 0, 0, 0);
    }

    @Test
    void textThenAttachmentsInIndexOrder() {
        List<PlannedPart> parts = planner.plan(row(" hi \n", null, false, List.of(a0, a1)));
        assertThat(parts).extracting(p -> p.key().part()).containsExactly("text", "att0", "att1");
        assertThat(parts.get(0).text()).isEqualTo("hi");
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.key().guidNorm()).isEqualTo("ABC-1");
            assertThat(p.senderHandle()).isEqualTo("tel:+15551112222");
        });
    }

    @Test
    void attachmentOnlyMessagesKeepTheirIndices() {
        List<PlannedPart> parts = planner.plan(row("\uFFFC", null, true, List.of(a0)));
        assertThat(parts).extracting(p -> p.key().part()).containsExactly("att0");
        assertThat(parts.get(0).senderHandle()).isEqualTo("tel:+15550000001");
    }

    @Test
    void subjectIsBoldedInFrontOfTheBody() {
        assertThat(planner.plan(row("body", "Subj", false, List.of())).get(0).text())
                .isEqualTo("**Subj**\nbody");
        assertThat(planner.plan(row("", "Subj", false, List.of())).get(0).text())
                .isEqualTo("Subj");
    }

    /** A live edit's new text follows the message body's rules: padding trimmed, the subject kept in front. */
    @Test
    void anEditedBodyIsTrimmedAndKeepsTheSubjectLikeASentOne() {
        assertThat(MessagePartPlanner.editedBody(row("old", null, false, List.of()), " Ünïcödé ✓ naïve café\n"))
                .isEqualTo("Ünïcödé ✓ naïve café")
                .isEqualTo(planner.plan(row(" Ünïcödé ✓ naïve café\n", null, false, List.of()))
                        .get(0)
                        .text());
        assertThat(MessagePartPlanner.editedBody(row("old", "Subj", false, List.of()), "new\n"))
                .isEqualTo("**Subj**\nnew");
    }

    @Test
    void emptyMessagesProduceNothing() {
        assertThat(planner.plan(row("  ", null, false, List.of()))).isEmpty();
    }

    @Test
    void tapbacksAndUnsentMessagesProduceNoParts() {
        MessageRow base = row("Loved “hi”", null, false, List.of());
        MessageRow tapback = new MessageRow(
                base.guid(),
                base.recordName(),
                base.chatId(),
                base.portalId(),
                base.timestampMs(),
                base.sender(),
                false,
                base.text(),
                null,
                "iMessage",
                List.of(),
                true,
                false,
                null,
                new imbridge.core.model.MessageExtras(2000, "p:0/ABC", null, null, false, 0, 0, 0));
        MessageRow unsent = new MessageRow(
                base.guid(),
                base.recordName(),
                base.chatId(),
                base.portalId(),
                base.timestampMs(),
                base.sender(),
                false,
                "",
                null,
                "iMessage",
                List.of(a0),
                true,
                false,
                null,
                new imbridge.core.model.MessageExtras(null, null, null, null, true, 0, 0, 0));
        assertThat(planner.plan(tapback)).isEmpty();
        assertThat(planner.plan(unsent)).isEmpty();
    }

    @Test
    void onlyAReplysFirstPartNamesItsTarget() {
        MessageRow base = row("see this", null, false, List.of(a0));
        MessageRow reply = new MessageRow(
                base.guid(),
                base.recordName(),
                base.chatId(),
                base.portalId(),
                base.timestampMs(),
                base.sender(),
                false,
                base.text(),
                null,
                "iMessage",
                List.of(a0),
                true,
                false,
                null,
                new imbridge.core.model.MessageExtras(null, null, null, " TARGET-1 ", false, 0, 0, 0));
        List<PlannedPart> parts = planner.plan(reply);
        assertThat(parts).extracting(PlannedPart::replyToGuid).containsExactly("TARGET-1", null);
        assertThat(parts.getFirst().replyTargetKeys())
                .containsExactly(PartKey.text("target-1"), PartKey.attachment("target-1", 0));
        assertThat(planner.plan(base))
                .allSatisfy(p -> assertThat(p.replyTargetKeys()).isEmpty());
    }

    private MessageRow tapback(int type, String target, String emoji, boolean fromMe) {
        return new MessageRow(
                "tap-1",
                "rec",
                "chat",
                "tel:+15551112222",
                2000,
                "5551112222",
                fromMe,
                "Loved “hi”",
                null,
                "iMessage",
                List.of(),
                true,
                false,
                null,
                new imbridge.core.model.MessageExtras(type, target, emoji, null, false, 0, 0, 0));
    }

    @Test
    void tapbackAddsBecomeReactionsWithTheirEmojiAndNoMessagePart() {
        MessageRow loved = tapback(2000, "p:0/target-1", null, false);
        assertThat(planner.plan(loved)).isEmpty();
        PlannedReaction r = planner.planReaction(loved).orElseThrow();
        assertThat(r.key()).isEqualTo(new PartKey("TAP-1", "reaction"));
        assertThat(r.remove()).isFalse();
        assertThat(r.emoji()).isEqualTo("❤️");
        assertThat(r.targetGuid()).isEqualTo("target-1");
        assertThat(r.senderHandle()).isEqualTo("tel:+15551112222");
        assertThat(r.timestampMs()).isEqualTo(2000);
        assertThat(r.targetKeys()).containsExactly(PartKey.text("target-1"), PartKey.attachment("target-1", 0));
        assertThat(List.of(2001, 2002, 2003, 2004, 2005))
                .extracting(t -> planner.planReaction(tapback(t, "p:0/x", null, true))
                        .orElseThrow()
                        .emoji())
                .containsExactly("👍", "👎", "😂", "‼️", "❓");
    }

    @Test
    void customEmojiDefaultsToThumbsUpAndRemovesCarryTheEmojiTheyTakeAway() {
        assertThat(planner.planReaction(tapback(2006, "p:0/x", "🦄", false))
                        .orElseThrow()
                        .emoji())
                .isEqualTo("🦄");
        assertThat(planner.planReaction(tapback(2006, "p:0/x", "", false))
                        .orElseThrow()
                        .emoji())
                .isEqualTo("👍");
        assertThat(planner.planReaction(tapback(2006, "p:0/x", null, false))
                        .orElseThrow()
                        .emoji())
                .isEqualTo("👍");
        PlannedReaction removal =
                planner.planReaction(tapback(3003, "p:0/x", null, true)).orElseThrow();
        assertThat(removal.remove()).isTrue();
        assertThat(removal.emoji()).isEqualTo("😂");
        assertThat(removal.senderHandle()).isEqualTo("tel:+15550000001");
        assertThat(planner.planReaction(tapback(3006, "p:0/x", "🍕", false))
                        .orElseThrow()
                        .emoji())
                .isEqualTo("🍕");
    }

    @Test
    void rowsThatAreNoReactionPlanNone() {
        assertThat(planner.planReaction(row("hi", null, false, List.of()))).isEmpty();
        assertThat(planner.planReaction(tapback(2007, "p:0/x", null, false))).isEmpty();
        assertThat(planner.planReaction(tapback(1000, "p:0/x", null, false))).isEmpty();
        assertThat(planner.planReaction(tapback(2000, "p:0/", null, false))).isEmpty();
        assertThat(planner.planReaction(tapback(2000, null, null, false))).isEmpty();
    }

    @Test
    void theLedgerKeepsOneReactionPerSenderTargetAndEmojiAndReplaysEarlierTapbacksOnce() {
        PlannedReaction add =
                planner.planReaction(tapback(2001, "p:0/t", null, false)).orElseThrow();
        PlannedReaction again = new PlannedReaction(
                PartKey.reaction("tap-2"), "tap-2", add.portalId(), 2100, add.senderHandle(), "T", "👍", false);
        PlannedReaction remove = new PlannedReaction(
                PartKey.reaction("tap-3"), "tap-3", add.portalId(), 2200, add.senderHandle(), "t", "👍", true);
        int[] replays = {0};
        ReactionLedger ledger = new ReactionLedger(() -> {
            replays[0]++;
            return List.of(add);
        });
        assertThat(ledger.add(again)).as("the same reaction again adds nothing").isFalse();
        assertThat(ledger.removes(remove)).isEqualTo("tap-1");
        assertThat(ledger.remove(remove)).isEqualTo("tap-1");
        assertThat(ledger.remove(remove)).as("nothing left to remove").isNull();
        assertThat(ledger.add(again)).isTrue();
        assertThat(replays[0]).isEqualTo(1);
    }

    private MessageRow withExtras(MessageRow r, imbridge.core.model.MessageExtras x) {
        return new MessageRow(
                r.guid(),
                r.recordName(),
                r.chatId(),
                r.portalId(),
                r.timestampMs(),
                r.sender(),
                r.fromMe(),
                r.text(),
                r.subject(),
                r.service(),
                r.attachments(),
                r.hasBody(),
                r.deleted(),
                null,
                x);
    }

    /** A local Apple source's layout: the text part carries its formatting, the subject bolded in front. */
    @Test
    void aFormattedBodyBecomesTheTextPartsHtml() {
        var layout = new imbridge.core.model.BodyLayout(List.of(
                new imbridge.core.model.BodyLayout.Bubble(0, -1, "see this", "see <b>this</b>"),
                new imbridge.core.model.BodyLayout.Bubble(1, 0, null, null)));
        var x = new imbridge.core.model.MessageExtras(null, null, null, null, false, 0, 0, 0, null, layout);

        List<PlannedPart> parts = planner.plan(withExtras(row("see this", "Re: <plans>", false, List.of(a0)), x));

        assertThat(parts.get(0).html()).isEqualTo("<b>Re: &lt;plans&gt;</b><br>see <b>this</b>");
        assertThat(parts.get(1).html()).isNull();
        assertThat(planner.plan(row("plain", null, false, List.of())).get(0).html())
                .isNull();
    }

    /** Apple's part index resolved by the source: a reply and a tapback aim at that part, then fall back. */
    @Test
    void aKnownTargetPartComesFirstAmongTheTargetKeys() {
        var reply = new imbridge.core.model.MessageExtras(null, null, null, "tgt-1", false, 0, 0, 0, "att1", null);
        PlannedPart first = planner.plan(withExtras(row("ok", null, false, List.of()), reply))
                .get(0);
        assertThat(first.replyTargetKeys()).extracting(PartKey::part).containsExactly("att1", "text", "att0");

        var tapback =
                new imbridge.core.model.MessageExtras(2001, "p:2/tgt-1", null, null, false, 0, 0, 0, "att1", null);
        PlannedReaction r = planner.planReaction(withExtras(row("Liked", null, false, List.of()), tapback))
                .orElseThrow();
        assertThat(r.targetKeys()).extracting(PartKey::part).containsExactly("att1", "text", "att0");
        assertThat(planner.planReaction(withExtras(
                                row("Liked", null, false, List.of()),
                                new imbridge.core.model.MessageExtras(2001, "p:0/tgt-1", null, null, false, 0, 0, 0)))
                        .orElseThrow()
                        .targetKeys())
                .extracting(PartKey::part)
                .containsExactly("text", "att0");
    }
}
