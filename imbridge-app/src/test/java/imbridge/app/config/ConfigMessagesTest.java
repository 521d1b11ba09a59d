package imbridge.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of config problem gets its message, naming the full key; values of every type are read as before. */
class ConfigMessagesTest {
    private static final String MINIMAL = """
            homeserver: {address: "http://127.0.0.1:8008", domain: localhost}
            appservice: {as_token: a, hs_token: h}
            bridge: {owner: "@u:localhost", own_handles: ["tel:+15550000001"]}
            cloudkit: {database_url: "http://127.0.0.1:1/database/1/c/production/private"}
            """;
    private static final String LOCAL = MINIMAL.replaceAll("(?m)^cloudkit:.*\n", "");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            backfill: {chunk_size: lots}            | config key 'backfill.chunk_size': expected an integer, got 'lots'
            backfill: {chunk_size: 2.5}             | config key 'backfill.chunk_size': expected an integer, got '2.5'
            backfill: {chunk_size: '10'}            | config key 'backfill.chunk_size': expected an integer, got '10'
            backfill: {chunk_size: 0}               | config key 'backfill.chunk_size': must be between 1 and 1000000, got 0
            backfill: {chunk_size: 99999999999}     | config key 'backfill.chunk_size': expected an integer, got '99999999999'
            backfill: {attachment_timeout: 90 seconds} | config key 'backfill.attachment_timeout': expected a duration like 500ms, 90s, 3m or 1h, got '90 seconds'
            backfill: {chunk_size: true}            | config key 'backfill.chunk_size': expected an integer, got 'true'
            backfill: {chunk_size: {a: 1}}          | config key 'backfill.chunk_size': expected an integer, got ''
            backfill: ''                            | config key 'backfill': expected a section (mapping)
            backfill: [a]                           | config key 'backfill': expected a section (mapping)
            live: {enabled: 1}                      | config key 'live.enabled': expected true or false
            bridge: {owner: x, own_handles: tel}    | config key 'bridge.own_handles': expected a list
            appservice: {as_token: a, hs_token: h, port: 70000} | config key 'appservice.port': must be between 0 and 65535, got 70000
            backfill: {chunksize: 10}               | config key 'backfill.chunksize': unknown key
            backfill: 5                             | config key 'backfill': expected a section (mapping)
            live: {enabled: maybe}                  | config key 'live.enabled': expected true or false
            live: {enabled: 'true'}                 | config key 'live.enabled': expected true or false
            database: {type: mysql}                 | config key 'database.type': must be 'sqlite' or 'postgres', got 'mysql'
            database: {uri: [a, b]}                 | config key 'database.uri': expected a string
            cloudkit: {database_url: x, resync_delays: 15s} | config key 'cloudkit.resync_delays': expected a list of durations like [15s, 60s, 3m]
            cloudkit: {database_url: x, resync_delays: [15s, ~]} | config key 'cloudkit.resync_delays[1]': expected a duration like 500ms, 90s, 3m or 1h, got 'null'
            cloudkit: {database_url: [x]}           | config key 'cloudkit.database_url': expected a string
            cloudkit: {database_url: x, resync_delays: [15s, soon]} | config key 'cloudkit.resync_delays[1]': expected a duration like 500ms, 90s, 3m or 1h, got 'soon'
            logging: {level: DEBUG, colour: true}   | config key 'logging.colour': unknown key
            extra: 1                                | config key 'extra': unknown key
            source: 5                               | config key 'source': expected a section (mapping)
            source: {type: [chatdb]}                | config key 'source.type': expected a string
            source: {type: chatdb, poll_interval: 90} | config key 'source.poll_interval': expected a duration like 500ms, 90s, 3m or 1h, got '90'
            source: {type: itunes}                  | config key 'source.type': must be 'cloudkit', 'chatdb' or 'ios-backup', got 'itunes'
            source: {type: chatdb, mode: tail}      | config key 'source.mode': must be 'import' or 'watch', got 'tail'
            source: {type: chatdb, pth: x}          | config key 'source.pth': unknown key
            source: {type: cloudkit, path: /x}      | config key 'source.path': unknown key
            source: {type: chatdb, password: pw}    | config key 'source.password': unknown key
            source: {type: ios-backup, path: /b, mode: watch} | config key 'source.mode': unknown key
            source: {type: chatdb, results_limit: 0} | config key 'source.results_limit': must be between 1 and 10000, got 0
            """)
    void aProblemNamesItsKeyAndWhatIsWrong(String section, String message) {
        String name = section.substring(0, section.indexOf(':'));
        String config = MINIMAL.replaceAll("(?m)^" + name + ":.*\n", "") + section + "\n";

        assertThatThrownBy(() -> BridgeConfig.parse(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void missingRequiredKeysAreNamed() {
        assertThatThrownBy(() -> BridgeConfig.parse("")).hasMessage("config key 'homeserver.address': is required");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL.replace("as_token: a, ", "")))
                .hasMessage("config key 'appservice.as_token': is required");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL.replace("as_token: a", "as_token: ' '")))
                .hasMessage("config key 'appservice.as_token': is required");
        assertThatThrownBy(() ->
                        BridgeConfig.parse(MINIMAL.replace("own_handles: [\"tel:+15550000001\"]", "own_handles: []")))
                .hasMessage("config key 'bridge.own_handles': list the iMessage account's own handles (phone, email)");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL.replaceAll("(?m)^cloudkit:.*\n", "")))
                .hasMessage("config key 'cloudkit.database_url': is required");
        assertThatThrownBy(() -> BridgeConfig.parse(LOCAL + "source: {type: ios-backup}\n"))
                .hasMessageStartingWith("config key 'source.path': name the backup folder");
        assertThatThrownBy(() -> BridgeConfig.parse("not: [valid"))
                .hasMessageStartingWith("config key '(file)': not valid YAML");
    }

    @Test
    void valuesOfEveryTypeAreRead() {
        BridgeConfig c = BridgeConfig.parse("""
                homeserver: {address: "http://h", domain: d, max_attempts: 7, retry_initial: 2s, retry_max: 1m}
                appservice: {as_token: 12345, hs_token: h, port: 8080}
                bridge: {owner: "@u:localhost", own_handles: ["tel:+15550000001", "mailto:a@b.c"]}
                database: {type: postgres, uri: "jdbc:postgresql://x/y", user: u, password: 999, max_connections: 4}
                cloudkit: {database_url: u, page_retry_initial: 1s, page_retry_max: 2m, resync_delays: [1s, 2s],
                           max_consecutive_failures: 9}
                backfill: {chunk_size: 10, stall_timeout: 1h, initial_forward_messages: 0}
                live: {enabled: false, sync_interval: 500ms}
                logging: {level: DEBUG}
                """);
        assertThat(c.homeserver())
                .isEqualTo(
                        new BridgeConfig.Homeserver("http://h", "d", 7, Duration.ofSeconds(2), Duration.ofMinutes(1)));
        assertThat(c.appservice().asToken()).isEqualTo("12345");
        assertThat(c.appservice().port()).isEqualTo(8080);
        assertThat(c.bridge().ownHandles()).isEqualTo(List.of("tel:+15550000001", "mailto:a@b.c"));
        assertThat(c.database())
                .isEqualTo(new BridgeConfig.Database("postgres", "jdbc:postgresql://x/y", "u", "999", 4));
        assertThat(c.cloudkit().sync().pageBackoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.cloudkit().sync().pageBackoff().max()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.cloudkit().sync().resyncDelays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(c.cloudkit().sync().maxConsecutiveFailures()).isEqualTo(9);
        assertThat(c.backfill().chunkSize()).isEqualTo(10);
        assertThat(c.backfill().stallTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(c.backfill().backward().initialForwardMessages()).isZero();
        assertThat(c.live()).isEqualTo(new BridgeConfig.Live(false, Duration.ofMillis(500)));
        assertThat(c.logLevel()).isEqualTo("DEBUG");
    }

    @Test
    void anEmptySectionMeansItsDefaults() {
        BridgeConfig c = BridgeConfig.parse(MINIMAL + "backfill:\nlive: {}\n");
        assertThat(c.backfill().chunkSize()).isEqualTo(5000);
        assertThat(c.live().enabled()).isTrue();
    }
}
