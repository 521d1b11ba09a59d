package imbridge.applelocal.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The effects of a text run, read from its attribute dictionary (spec 3.6). */
final class TextEffects {
    private static final List<TextEffect> PLAIN = List.of(new TextEffect.Plain());

    private TextEffects() {}

    /** The run's effects in a fixed order (mention, link, bold, italic, underline, strikethrough, animation). */
    static List<TextEffect> of(Map<String, Object> attributes) {
        List<TextEffect> effects = new ArrayList<>();
        String mention = AttributeKeys.string(attributes, AttributeKeys.MENTION);
        if (mention != null) {
            effects.add(new TextEffect.Mention(mention));
        }
        String link = AttributeKeys.string(attributes, AttributeKeys.LINK);
        if (link != null) {
            effects.add(new TextEffect.Link(link));
        }
        if (AttributeKeys.flag(attributes, AttributeKeys.BOLD)) {
            effects.add(new TextEffect.Bold());
        }
        if (AttributeKeys.flag(attributes, AttributeKeys.ITALIC)) {
            effects.add(new TextEffect.Italic());
        }
        if (AttributeKeys.flag(attributes, AttributeKeys.UNDERLINE)) {
            effects.add(new TextEffect.Underline());
        }
        if (AttributeKeys.flag(attributes, AttributeKeys.STRIKETHROUGH)) {
            effects.add(new TextEffect.Strikethrough());
        }
        if (attributes.get(AttributeKeys.TEXT_EFFECT) instanceof Number animation) {
            effects.add(new TextEffect.Animation(animation.longValue()));
        }
        return effects.isEmpty() ? PLAIN : List.copyOf(effects);
    }
}
