package imbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import imbridge.app.config.BridgeConfig;
import imbridge.app.config.ConfigException;
import imbridge.app.config.HistorySource;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {
    private static final String MINIMAL = """
            homeserver: {address: "http://127.0.0.1:8008", domain: localhost}
            appservice: {as_token: a, hs_token: h}
            bridge: {owner: "@u:localhost", own_handles: ["tel:+15550000001"]}
            cloudkit: {database_url: "http://127.0.0.1:1/database/1/c/production/private"}
            """;

    @Test
    void theExampleConfigParsesWithThePlanDefaults() {
        BridgeConfig c = BridgeConfig.load(Path.of("..", "config.example.yaml"));
        assertThat(c.backfill().chunkSize()).isEqualTo(5000);
        assertThat(c.backfill().attachmentConcurrency()).isEqualTo(32);
        assertThat(c.backfill().attachmentTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.backfill().maxConcurrentForward()).isEqualTo(3);
        assertThat(c.cloudkit().sync().maxPagesPerZone()).isEqualTo(10_000);
        assertThat(c.cloudkit().sync().pageBackoff().max()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.bridge().ownHandles()).containsExactly("tel:+15550000001", "mailto:you@icloud.com");
    }

    @Test
    void defaultsApplyWhenKeysAreOmitted() {
        BridgeConfig c = BridgeConfig.parse(MINIMAL);
        assertThat(c.database().type()).isEqualTo("sqlite");
        assertThat(c.cloudkit().resultsLimit()).isEqualTo(200);
        assertThat(c.cloudkit().sync().bootstrapRetryInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void problemsNameTheKey() {
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL.replace("as_token: a, ", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("appservice.as_token");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "backfill: {chunk_size: lots}\n"))
                .hasMessageContaining("backfill.chunk_size");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "backfill: {attachment_timeout: 90 seconds}\n"))
                .hasMessageContaining("backfill.attachment_timeout");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "backfill: {chunksize: 10}\n"))
                .hasMessageContaining("backfill.chunksize")
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() ->
                        BridgeConfig.parse(MINIMAL.replace("own_handles: [\"tel:+15550000001\"]", "own_handles: []")))
                .hasMessageContaining("bridge.own_handles");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "database: {type: mysql}\n"))
                .hasMessageContaining("database.type");
    }

    @Test
    void doublePuppetingAndTheNameTemplatesAreConfigured() {
        BridgeConfig off = BridgeConfig.parse(MINIMAL);
        assertThat(off.bridge().ownerView().doublePuppet()).isFalse();
        assertThat(off.bridge().ownerView().displaynameTemplate()).isEqualTo("{name}");

        BridgeConfig on = BridgeConfig.parse(MINIMAL.replace(
                        "own_handles: [\"tel:+15550000001\"]}",
                        "own_handles: [\"tel:+15550000001\"], displayname_template: \"{name} (iMessage)\"}")
                + "double_puppet: {enabled: true}\n");
        assertThat(on.bridge().ownerView().doublePuppet()).isTrue();
        assertThat(on.bridge().ownerView().displaynameTemplate()).isEqualTo("{name} (iMessage)");
        assertThat(on.bridge().ownerView().ownHandles()).containsExactly("tel:+15550000001");

        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL.replace(
                        "own_handles: [\"tel:+15550000001\"]}",
                        "own_handles: [\"tel:+15550000001\"], dm_room_name_template: \"Chat\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bridge.dm_room_name_template");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "double_puppet: {enabled: yes please}\n"))
                .hasMessageContaining("double_puppet.enabled");
    }

    @Test
    void aLocalSourceNeedsNoCloudKitEndpointAndNamesItsFiles() {
        String noCloudKit = MINIMAL.replaceAll("(?m)^cloudkit:.*\n", "");
        BridgeConfig mac = BridgeConfig.parse(noCloudKit
                + "source: {type: chatdb, path: /Users/me/Library/Messages/chat.db, mode: watch, poll_interval: 5s}\n");
        assertThat(mac.source().type()).isEqualTo("chatdb");
        assertThat(mac.source().home()).isEqualTo(Path.of("/Users/me"));
        assertThat(mac.source().watch()).isTrue();
        assertThat(mac.source().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(mac.live().enabled()).as("a database has no push channel").isFalse();

        BridgeConfig phone =
                BridgeConfig.parse(noCloudKit + "source: {type: ios-backup, path: /b/00008110, password: pw}\n");
        assertThat(phone.source().path()).isEqualTo(Path.of("/b/00008110"));
        assertThat(phone.source().password()).isEqualTo("pw");

        assertThat(BridgeConfig.parse(MINIMAL).source().isCloudKit()).isTrue();
    }

    @Test
    void aLocalSourceReadsItsAddressBookUnlessToldNot() {
        String noCloudKit = MINIMAL.replaceAll("(?m)^cloudkit:.*\n", "");
        BridgeConfig defaults = BridgeConfig.parse(noCloudKit + "source: {type: chatdb}\n");
        assertThat(defaults.source().contacts()).isEqualTo(new HistorySource.Contacts(true, "US", "{name}"));

        BridgeConfig custom = BridgeConfig.parse(noCloudKit + "source: {type: ios-backup, path: /b/1, contacts: true, "
                + "contacts_region: GB, ghost_name_template: '{first} {last} (iMessage)'}\n");
        assertThat(custom.source().contacts())
                .isEqualTo(new HistorySource.Contacts(true, "GB", "{first} {last} (iMessage)"));
        assertThat(BridgeConfig.parse(noCloudKit + "source: {type: chatdb, contacts: false}\n")
                        .source()
                        .contacts()
                        .enabled())
                .isFalse();

        assertThatThrownBy(() -> BridgeConfig.parse(noCloudKit + "source: {type: chatdb, contacts_region: Narnia}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("source.contacts_region");
        assertThatThrownBy(() ->
                        BridgeConfig.parse(noCloudKit + "source: {type: chatdb, ghost_name_template: '{frist}'}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("source.ghost_name_template");
    }

    @Test
    void aBrokenSourceSectionNamesTheKey() {
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "source: {type: itunes}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("source.type");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "source: {type: chatdb, mode: tail}\n"))
                .hasMessageContaining("source.mode");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "source: {type: ios-backup}\n"))
                .hasMessageContaining("source.path");
        assertThatThrownBy(() -> BridgeConfig.parse(MINIMAL + "source: {type: chatdb, pth: x}\n"))
                .hasMessageContaining("source.pth");
    }
}
