package imbridge.applelocal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The decoded facts of an Apple blob as JSON, for {@code imbridge apple inspect} and the fixture tests. The shapes
 * are those of the fixture file's {@code expect} objects: offsets are UTF-8 byte offsets (the convention of the
 * public test data they come from), plain text is {@code "Default"}, edit dates are whole seconds in nanoseconds.
 */
public final class AppleFacts {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private AppleFacts() {}

    /** {@code {text, attributeKeys, components, legacyText}} of an {@code attributedBody}. */
    public static JsonNode attributedBody(byte[] blob) throws AppleDecodeException {
        AttributedBody body = TypedStreamDecoder.decode(blob);
        ObjectNode facts = JSON.objectNode();
        facts.put("text", body.text());
        ArrayNode keys = facts.putArray("attributeKeys");
        body.attributeKeys().forEach(keys::add);
        facts.set("components", components(body));
        facts.put("legacyText", LegacyText.scan(blob).orElse(null));
        return facts;
    }

    /** {@code {parts: [{status, history: [{dateNs, text, components, guid}]}]}} of a {@code message_summary_info}. */
    public static JsonNode summaryInfo(byte[] plist) throws AppleDecodeException {
        SummaryInfo info = SummaryInfo.decode(plist);
        ObjectNode facts = JSON.objectNode();
        ArrayNode parts = facts.putArray("parts");
        for (int part = 0; part < info.partCount(); part++) {
            ObjectNode node = parts.addObject();
            node.put(
                    "status",
                    switch (info.status(part)) {
                        case ORIGINAL -> "Original";
                        case EDITED -> "Edited";
                        case UNSENT -> "Unsent";
                    });
            ArrayNode history = node.putArray("history");
            for (SummaryInfo.EditVersion version : info.history(part)) {
                ObjectNode entry = history.addObject();
                entry.set("dateNs", integer((long) version.appleSeconds() * NANOS_PER_SECOND));
                entry.put("text", version.text());
                entry.set("components", version.body() == null ? JSON.arrayNode() : components(version.body()));
                entry.put("guid", version.balloonGuid());
            }
        }
        return facts;
    }

    /** {@code {title, summary, url, originalUrl, itemType, images, icons, siteName, placeholder}} of a URL balloon. */
    public static JsonNode urlPayload(byte[] payload) throws AppleDecodeException {
        UrlPreview preview = UrlPreview.decode(payload);
        ObjectNode facts = JSON.objectNode();
        facts.put("title", preview.title());
        facts.put("summary", preview.summary());
        facts.put("url", preview.url());
        facts.put("originalUrl", preview.originalUrl());
        facts.put("itemType", preview.itemType());
        facts.set("images", strings(preview.images()));
        facts.set("icons", strings(preview.icons()));
        facts.put("siteName", preview.siteName());
        facts.put("placeholder", preview.placeholder());
        return facts;
    }

    private static ArrayNode components(AttributedBody body) {
        Utf8Offsets offsets = new Utf8Offsets(body.text());
        ArrayNode components = JSON.arrayNode();
        for (BodyComponent component : body.components()) {
            ObjectNode node = components.addObject();
            switch (component) {
                case BodyComponent.Text text -> {
                    node.put("type", "text");
                    ArrayNode attrs = node.putArray("attrs");
                    for (BodyComponent.Range range : text.ranges()) {
                        ObjectNode attr = attrs.addObject();
                        attr.put("start", offsets.at(range.start()));
                        attr.put("end", offsets.at(range.end()));
                        ArrayNode effects = attr.putArray("effects");
                        range.effects().forEach(effect -> effects.add(effect(effect)));
                    }
                }
                case BodyComponent.Attachment attachment -> {
                    node.put("type", "attachment");
                    node.put("guid", attachment.guid());
                    node.put("transcription", attachment.transcription());
                    node.put("height", attachment.height());
                    node.put("width", attachment.width());
                    node.put("name", attachment.name());
                }
            }
        }
        return components;
    }

    private static JsonNode effect(TextEffect effect) {
        return switch (effect) {
            case TextEffect.Plain p -> JSON.textNode("Default");
            case TextEffect.Mention m -> JSON.objectNode().put("Mention", m.handle());
            case TextEffect.Link l -> JSON.objectNode().put("Link", l.url());
            case TextEffect.Bold b -> JSON.textNode("Bold");
            case TextEffect.Italic i -> JSON.textNode("Italic");
            case TextEffect.Underline u -> JSON.textNode("Underline");
            case TextEffect.Strikethrough s -> JSON.textNode("Strikethrough");
            case TextEffect.Animation a -> JSON.objectNode().set("Animation", integer(a.id()));
        };
    }

    /** An integer node of the smallest kind, as Jackson itself reads JSON numbers (so facts compare equal). */
    private static JsonNode integer(long value) {
        return value == (int) value ? JSON.numberNode((int) value) : JSON.numberNode(value);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
