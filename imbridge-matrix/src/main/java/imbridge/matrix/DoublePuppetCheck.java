package imbridge.matrix;

import imbridge.core.port.MatrixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, with double puppeting configured: {@code whoami} as the owner through masquerading must answer the
 * owner. A homeserver that refuses (the registration has no namespace covering the owner, or only an exclusive one)
 * gets one WARN with the fix, and the ghost of the owner's handle sends their messages instead: the bridge still
 * works, the owner just sees what they see without the feature.
 */
final class DoublePuppetCheck {
    private static final Logger log = LoggerFactory.getLogger(DoublePuppetCheck.class);

    private final MatrixClient client;
    private final OwnerAccount owner;

    DoublePuppetCheck(MatrixClient client, OwnerAccount owner) {
        this.client = client;
        this.owner = owner;
    }

    void run() throws MatrixException {
        if (!owner.puppeting()) {
            return;
        }
        try {
            String answered = client.get(AppserviceSession.CLIENT_V3 + "/account/whoami", owner.userId())
                    .path("user_id")
                    .asText("");
            if (owner.userId().equals(answered)) {
                log.info("double puppeting: the owner's messages are sent as {}", owner.userId());
                return;
            }
            fallBack("whoami as the owner answered '" + answered + "'");
        } catch (MatrixException e) {
            if (!AppserviceSession.isRefusedOrUnknown(e) && !"M_EXCLUSIVE".equals(e.errcode())) {
                throw e;
            }
            fallBack(e.getMessage());
        }
    }

    private void fallBack(String why) {
        owner.stopPuppeting();
        log.warn(
                "double puppeting is off: the homeserver does not let the bridge act as {} ({}). Regenerate the "
                        + "registration with double_puppet.enabled: true (it adds a non-exclusive namespace for the "
                        + "owner) and restart the homeserver; until then the ghost of the owner's handle sends "
                        + "their messages",
                owner.userId(),
                why);
    }
}
