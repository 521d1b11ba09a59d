package imbridge.app.cli;

import imbridge.app.config.BridgeConfig;
import imbridge.app.runtime.MatrixConfigs;
import imbridge.matrix.RegistrationWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "generate-registration",
        mixinStandardHelpOptions = true,
        description = "Writes the appservice registration YAML for the homeserver.")
final class GenerateRegistrationCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "registration.yaml",
            description = "output file (default ${DEFAULT-VALUE})")
    Path output;

    @Override
    public Integer call() throws Exception {
        BridgeConfig cfg = config.load();
        boolean doublePuppet = cfg.bridge().ownerView().doublePuppet();
        Files.writeString(output, RegistrationWriter.yaml(MatrixConfigs.of(cfg), List.of(), doublePuppet));
        System.out.println(
                "wrote " + output.toAbsolutePath() + "; add it to the homeserver's app_service_config_files");
        if (doublePuppet) {
            System.out.println("double puppeting: " + cfg.bridge().owner()
                    + " is in a non-exclusive namespace, so the owner's messages are sent as the owner");
        }
        return 0;
    }
}
