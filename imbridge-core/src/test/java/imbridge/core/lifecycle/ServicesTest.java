package imbridge.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ServicesTest {
    private final List<String> log = new CopyOnWriteArrayList<>();

    private Service recording(String name) {
        return Service.of(name, () -> log.add("start " + name), () -> log.add("stop " + name));
    }

    @Test
    void servicesStartInRegistrationOrderAndStopInReverse() throws Exception {
        Services group = new Services("engine");
        group.register(recording("store"));
        group.register(recording("queue"));
        group.register(recording("live"));
        group.startAll();
        assertThat(group.health())
                .containsExactly(
                        java.util.Map.entry("store", Services.State.RUNNING),
                        java.util.Map.entry("queue", Services.State.RUNNING),
                        java.util.Map.entry("live", Services.State.RUNNING));

        group.stopAll(Duration.ofSeconds(1));
        group.stopAll(Duration.ofSeconds(1)); // idempotent
        assertThat(log)
                .containsExactly("start store", "start queue", "start live", "stop live", "stop queue", "stop store");
        assertThat(group.health()).isEmpty();
    }

    @Test
    void aStartFailureStopsWhatStartedBeforeItAndNothingAfterItStarts() {
        Services group = new Services("connection");
        group.register(recording("database"));
        group.register(Service.of(
                "appservice",
                () -> {
                    throw new java.io.IOException("port 29331 in use");
                },
                () -> log.add("stop appservice")));
        group.register(recording("gateway"));

        assertThatThrownBy(group::startAll)
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("29331");
        assertThat(log).containsExactly("start database", "stop database");
    }

    @Test
    void aFailingStopDoesNotKeepTheOthersRunning() throws Exception {
        Services group = new Services("engine");
        group.register(recording("first"));
        group.register(Service.of("broken", () -> {}, () -> {
            throw new IllegalStateException("socket already closed");
        }));
        group.register(recording("last"));
        group.startAll();

        group.stopAll(Duration.ZERO);
        assertThat(log).containsExactly("start first", "start last", "stop last", "stop first");
    }

    @Test
    void aServiceAddedToARunningGroupStartsAtOnceAndStopsFirst() throws Exception {
        Services group = new Services("engine");
        group.register(recording("queue"));
        group.startAll();
        group.start(recording("live"));
        assertThatThrownBy(() -> group.register(group.start(recording("x"))))
                .isInstanceOf(IllegalArgumentException.class);

        group.stopAll(Duration.ZERO);
        assertThat(log).containsExactly("start queue", "start live", "start x", "stop x", "stop live", "stop queue");
    }

    @Test
    void aClosingServiceClosesItsResource() throws Exception {
        Services group = new Services("engine");
        group.register(Service.closing("source", () -> log.add("closed")));
        group.startAll();
        group.stopAll(Duration.ZERO);
        assertThat(log).containsExactly("closed");
    }
}
