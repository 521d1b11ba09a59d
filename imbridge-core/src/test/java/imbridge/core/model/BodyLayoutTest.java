package imbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BodyLayoutTest {

    /** Apple numbers bubbles in body order; an attachment before the text keeps its own index. */
    @Test
    void applePartIndicesMapToThePartIdsOfTheirBubbles() {
        BodyLayout layout = new BodyLayout(List.of(
                new BodyLayout.Bubble(0, 0, null, null),
                new BodyLayout.Bubble(1, -1, "caption", null),
                new BodyLayout.Bubble(2, 1, null, null)));

        assertThat(layout.partFor(0)).isEqualTo("att0");
        assertThat(layout.partFor(1)).isEqualTo(PartKey.TEXT);
        assertThat(layout.partFor(2)).isEqualTo("att1");
        assertThat(layout.partFor(7)).isNull();
    }

    @Test
    void textHtmlJoinsTextBubblesAndEscapesThePlainOnes() {
        BodyLayout formatted = new BodyLayout(List.of(
                new BodyLayout.Bubble(0, -1, "a<b", null),
                new BodyLayout.Bubble(1, 0, null, null),
                new BodyLayout.Bubble(2, -1, "bold", "<b>bold</b>")));
        assertThat(formatted.textHtml()).isEqualTo("a&lt;b<br><b>bold</b>");

        BodyLayout plain = new BodyLayout(List.of(new BodyLayout.Bubble(0, -1, "hi", null)));
        assertThat(plain.textHtml()).isNull();
    }

    @Test
    void tapbackTargetPartIndexReadsTheAssociatedGuidForms() {
        assertThat(tapback("p:3/ABC").tapbackTargetPartIndex()).isEqualTo(3);
        assertThat(tapback("bp:ABC").tapbackTargetPartIndex()).isZero();
        assertThat(tapback("ABC").tapbackTargetPartIndex()).isZero();
        assertThat(tapback("p:x/ABC").tapbackTargetPartIndex()).isEqualTo(-1);
        assertThat(tapback(null).tapbackTargetPartIndex()).isEqualTo(-1);
    }

    private static MessageExtras tapback(String target) {
        return new MessageExtras(2000, target, null, null, false, 0, 0, 0);
    }
}
