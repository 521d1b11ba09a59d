package imbridge.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import imbridge.core.matrixside.MembershipChange;
import imbridge.core.matrixside.OwnerMessage;
import imbridge.core.testing.fuzz.ByteMutation;
import imbridge.core.testing.fuzz.ByteMutations;
import imbridge.core.testing.fuzz.DecodeBound;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes what the bridge reads from other Matrix users and from the homeserver: the event router (membership,
 * bot commands, owner messages), the command parser, {@code /versions} spec versions and {@code Retry-After}.
 * Events are realistic ones with byte edits of their JSON and with values of the wrong type put in their fields,
 * the way Jackson hands them over (maps, lists, Integer, Long, BigInteger, Double, Boolean, null). None of these
 * documents an exception: each answers within the bound of {@link DecodeBound}.
 */
class MatrixEventFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANAGEMENT_ROOM = "!admin:localhost";
    private static final String PORTAL_ROOM = "!portal:localhost";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final List<String> EVENTS = List.of("""
            {"type":"m.room.member","sender":"@user:localhost","room_id":"!admin:localhost","event_id":"$1",
             "state_key":"@user:localhost","origin_server_ts":1700000000000,
             "content":{"membership":"leave","reason":"bye"},"unsigned":{"prev_content":{"membership":"join"}}}""", """
            {"type":"m.room.message","sender":"@user:localhost","room_id":"!admin:localhost","event_id":"$2",
             "origin_server_ts":1700000000001,"content":{"msgtype":"m.text","body":"sync  now please"}}""", """
            {"type":"m.room.message","sender":"@user:localhost","room_id":"!portal:localhost","event_id":"$3",
             "origin_server_ts":1700000000002,"content":{"msgtype":"m.image","body":"cat.jpg",
             "url":"mxc://localhost/abc","filename":"cat.jpg","info":{"mimetype":"image/jpeg","size":1234}}}""", """
            {"type":"m.room.message","sender":"@user:localhost","room_id":"!portal:localhost","event_id":"$4",
             "origin_server_ts":1700000000003,"content":{"msgtype":"m.text","body":"* fixed",
             "m.relates_to":{"rel_type":"m.replace","event_id":"$3"}}}""");

    private static final List<Object> RECEIVED = new ArrayList<>();
    /** Built once: the ghost-name rules it compiles from the config are the costly part. */
    private static final MatrixEventRouter ROUTER = new MatrixEventRouter(
            TestConfigs.config("http://127.0.0.1:1"),
            MANAGEMENT_ROOM::equals,
            PORTAL_ROOM::equals,
            new MatrixEventListener() {
                @Override
                public void onMembership(MembershipChange change) {
                    RECEIVED.add(change);
                }

                @Override
                public void onCommand(BotCommand command) {
                    RECEIVED.add(command);
                }

                @Override
                public void onOwnerMessage(OwnerMessage message) {
                    RECEIVED.add(message);
                }
            });

    /** Never thrown: these parsers document no exception, so any throwable fails the property. */
    private static final class NoneDocumented extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** Puts {@code value} in place of the {@code at}-th field of the event or of one of its nested objects. */
    record FieldEdit(int at, Object value) {}

    @Property(seed = "1661")
    void eventsWithFieldsOfTheWrongType(@ForAll("events") String event, @ForAll("fieldEdits") List<FieldEdit> edits) {
        Map<String, Object> mutated = parse(event);
        for (FieldEdit edit : edits) {
            List<Map<String, Object>> objects = new ArrayList<>();
            collectObjects(mutated, objects);
            List<Map.Entry<Map<String, Object>, String>> fields = new ArrayList<>();
            for (Map<String, Object> object : objects) {
                for (String key : object.keySet()) {
                    fields.add(Map.entry(object, key));
                }
            }
            Map.Entry<Map<String, Object>, String> field = fields.get(Math.floorMod(edit.at(), fields.size()));
            field.getKey().put(field.getValue(), mutableCopy(edit.value()));
        }
        routes(mutated, event.length());
    }

    @Property(seed = "1662")
    void byteEditedEvents(@ForAll("events") String event, @ForAll("byteEdits") List<ByteMutation> edits) {
        byte[] bytes = ByteMutations.apply(event.getBytes(StandardCharsets.UTF_8), edits);
        Map<String, Object> parsed;
        try {
            parsed = JSON.readValue(bytes, new TypeReference<>() {});
        } catch (Exception notAnObject) {
            return; // the transaction parser refuses it before the router sees it
        }
        if (parsed != null) {
            routes(parsed, bytes.length);
        }
    }

    @Property(seed = "1663")
    void arbitraryCommandBodies(@ForAll @Size(max = 300) String body) {
        DecodeBound.assertBounded(
                body.length(), NoneDocumented.class, () -> BotCommand.parse(MANAGEMENT_ROOM, "$e", "@u:x", body, 0));
    }

    @Property(seed = "1664")
    void arbitrarySpecVersionsAndRetryAfterValues(@ForAll @Size(max = 80) String text) {
        DecodeBound.assertBounded(text.length(), NoneDocumented.class, () -> SpecVersion.parse(text));
        DecodeBound.assertBounded(text.length(), NoneDocumented.class, () -> RetryHints.parseRetryAfter(text, CLOCK));
    }

    @Provide
    Arbitrary<String> events() {
        return Arbitraries.of(EVENTS);
    }

    @Provide
    Arbitrary<List<ByteMutation>> byteEdits() {
        return ByteMutations.edits(4);
    }

    @Provide
    Arbitrary<List<FieldEdit>> fieldEdits() {
        Arbitrary<Object> odd = Arbitraries.of(
                "",
                " ",
                "x".repeat(3_000),
                "m.replace",
                MANAGEMENT_ROOM,
                PORTAL_ROOM,
                0,
                -1,
                Long.MAX_VALUE,
                new BigInteger("99999999999999999999999"),
                1e308,
                true,
                List.of(),
                List.of("a", 1),
                Map.of(),
                Map.of("membership", 1),
                Map.of("rel_type", List.of()));
        Arbitrary<Object> values = Arbitraries.oneOf(odd, Arbitraries.just(null));
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), values)
                .as(FieldEdit::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3);
    }

    private static void routes(Map<String, Object> event, int inputSize) {
        RECEIVED.clear();
        boolean wanted = DecodeBound.assertBounded(inputSize, NoneDocumented.class, () -> ROUTER.wants(event))
                .value();
        MatrixEventRouter.Routed routed = DecodeBound.assertBounded(
                        inputSize, NoneDocumented.class, () -> ROUTER.route(event))
                .value();
        assertThat(routed != MatrixEventRouter.Routed.SKIPPED)
                .as("wants() and route() agree")
                .isEqualTo(wanted);
        assertThat(RECEIVED).hasSize(wanted ? 1 : 0);
    }

    private static Map<String, Object> parse(String event) {
        try {
            return new LinkedHashMap<>(JSON.readValue(event, new TypeReference<Map<String, Object>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The generated value with its maps and lists copied into mutable ones, so later edits can reach inside. */
    private static Object mutableCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), mutableCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(mutableCopy(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static void collectObjects(Object node, List<Map<String, Object>> into) {
        if (node instanceof Map<?, ?> map) {
            into.add((Map<String, Object>) map);
            for (Object child : new ArrayList<>(map.values())) {
                collectObjects(child, into);
            }
        }
    }
}
