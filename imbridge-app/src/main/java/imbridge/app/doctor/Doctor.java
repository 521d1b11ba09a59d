package imbridge.app.doctor;

import imbridge.app.config.BridgeConfig;
import imbridge.app.config.ConfigException;
import imbridge.app.runtime.MatrixConfigs;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code imbridge doctor}: checks a deployment's config, database, homeserver and history source the way the bridge
 * will use them, and says for each failure what to change. Each check stands alone, so one broken part does not
 * hide the state of the others (only the config is needed by all).
 */
public final class Doctor {
    static final String CONFIG = "config";

    private final HttpClient http;

    public Doctor(HttpClient http) {
        this.http = http;
    }

    public List<CheckResult> run(Path configFile) {
        List<CheckResult> results = new ArrayList<>();
        BridgeConfig cfg;
        try {
            cfg = BridgeConfig.load(configFile);
        } catch (ConfigException e) {
            results.add(CheckResult.fail(
                    CONFIG,
                    configFile + ": " + e.getMessage(),
                    "correct '" + e.key() + "' in " + configFile + " (config.example.yaml lists every key)"));
            results.add(CheckResult.skip("other checks", "they need a valid config"));
            return results;
        }
        results.add(CheckResult.pass(
                CONFIG,
                configFile + ": valid (" + cfg.source().type() + " source, "
                        + cfg.database().type() + " database, login '"
                        + cfg.bridge().loginId() + "')"));
        results.add(DatabaseCheck.run(cfg.database()));
        results.addAll(new HomeserverChecks(MatrixConfigs.of(cfg), http).run());
        results.add(HistorySourceCheck.run(cfg, http));
        return results;
    }
}
