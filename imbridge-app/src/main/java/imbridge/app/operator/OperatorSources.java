package imbridge.app.operator;

import imbridge.app.commands.BridgeCommands;
import imbridge.core.attachment.AttachmentLedger;
import imbridge.core.lifecycle.Services;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.port.LiveInbox;
import imbridge.store.SqlPortalProgress;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the dashboard and the admin API read and act through: the bot's command handlers (the same logic as the
 * management room's commands) and the stores for what the {@code status} command does not list one by one.
 *
 * @param progress              every portal's counts in one statement (what a poll reads per portal)
 * @param liveInbox             null when live messaging is off
 * @param maxAttachmentRetries  failures after which an attachment is given up (the retry button's target)
 * @param health                each part of the bridge and its state
 */
public record OperatorSources(
        BridgeCommands commands,
        BridgeStore bridge,
        CloudStore cloud,
        SqlPortalProgress progress,
        AttachmentLedger attachments,
        LiveInbox liveInbox,
        int maxAttachmentRetries,
        Supplier<Map<String, Services.State>> health,
        Clock clock) {}
