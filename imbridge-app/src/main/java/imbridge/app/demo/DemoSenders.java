package imbridge.app.demo;

import imbridge.app.config.BridgeConfig;
import imbridge.app.verify.GhostResolver;

/** Who may send what in the demo's rooms: iMessage ghosts, and the owner's own account when it double-puppets. */
final class DemoSenders {
    private DemoSenders() {}

    static GhostResolver of(BridgeConfig config) {
        GhostResolver ghosts = GhostResolver.imessage();
        return config.bridge().ownerView().doublePuppet()
                ? ghosts.withOwnerAccount(config.bridge().owner(), true)
                : ghosts;
    }
}
