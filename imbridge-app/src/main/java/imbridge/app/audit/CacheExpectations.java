package imbridge.app.audit;

import imbridge.app.verify.ExpectedPart;
import imbridge.app.verify.ExpectedPortal;
import imbridge.app.verify.GroundTruth;
import imbridge.app.verify.RejectedRecord;
import imbridge.app.verify.TruthSource;
import imbridge.app.verify.TruthSummary;
import imbridge.core.backfill.MessagePartPlanner;
import imbridge.core.backfill.PlannedPart;
import imbridge.core.backfill.PlannedReaction;
import imbridge.core.backfill.ReactionLedger;
import imbridge.core.model.BackfillCursor;
import imbridge.core.model.CloudAttachment;
import imbridge.core.model.MessageRow;
import imbridge.core.model.PartKey;
import imbridge.core.model.PortalCandidate;
import imbridge.core.model.PortalKind;
import imbridge.core.model.RecordReject;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the bridge should have put in Matrix according to its own synced CloudKit cache, in the verifier's
 * {@link GroundTruth} shape:
 * <ul>
 *   <li>portals: the store's portal candidates (portals with live messages whose chats are neither filtered nor
 *       deleted), each with the parts of its live messages in the bridge's send order {@code (timestamp, guid)},
 *       split by {@link MessagePartPlanner} exactly as the backfill splits them; portals without any part are
 *       left out, like the simulator's truth leaves them out;</li>
 *   <li>deleted portals: portals the bridge marked deleted or knows but that are no candidate any more (their
 *       chat was deleted on the Apple side, or all their messages were), so a room of theirs must be gone for the
 *       user;</li>
 *   <li>rejected records: what the sync quarantined, newest first, at most {@link #MAX_REJECTS}.</li>
 * </ul>
 */
public final class CacheExpectations {
    static final int CHUNK = 5000;
    static final int MAX_REJECTS = 1000;

    private final CloudStore cloud;
    private final BridgeStore bridge;
    private final List<String> ownHandles;
    private final MessagePartPlanner planner;
    private final int chunk;

    /** @param ownHandles the iMessage account's own handles (config {@code bridge.own_handles}), first = sender of mine */
    public CacheExpectations(CloudStore cloud, BridgeStore bridge, List<String> ownHandles) {
        this(cloud, bridge, ownHandles, CHUNK);
    }

    /** @param chunk messages read per keyset query */
    CacheExpectations(CloudStore cloud, BridgeStore bridge, List<String> ownHandles, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, was " + chunk);
        }
        this.chunk = chunk;
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.bridge = Objects.requireNonNull(bridge, "bridge");
        if (ownHandles == null || ownHandles.isEmpty()) {
            throw new IllegalArgumentException("the account's own handles are needed to attribute my messages");
        }
        this.ownHandles = List.copyOf(ownHandles);
        this.planner = new MessagePartPlanner(ownHandles.getFirst());
    }

    /** Every portal. */
    public GroundTruth read() {
        return read(null);
    }

    /**
     * The same expectations read portal by portal, for an account too large to hold: the summary plans every
     * portal once to count its parts (and leave out the empty ones) and keeps the counts only; each portal's parts
     * are planned again when the comparison asks for them. Each portal's cache is read just before its rooms, so
     * messages synced meanwhile still show as unexpected rather than as gaps, as with {@link #read}.
     *
     * @param onlyPortal one portal ID, or null for every portal
     */
    public TruthSource source(String onlyPortal) {
        List<TruthSummary.PortalSummary> portals = new ArrayList<>();
        List<String> candidates = candidates(onlyPortal);
        for (String portalId : candidates) {
            long parts = parts(portalId).size();
            if (parts > 0) {
                portals.add(new TruthSummary.PortalSummary(portalId, kindOf(portalId), null, List.of(), parts));
            }
        }
        TruthSummary summary = new TruthSummary(
                null,
                null,
                ownHandles,
                portals,
                deleted(candidates, onlyPortal),
                rejects(),
                List.of(),
                null,
                List.of());
        return new TruthSource() {
            @Override
            public TruthSummary summary() {
                return summary;
            }

            @Override
            public ExpectedPortal portal(String portalId) {
                if (portals.stream().noneMatch(p -> p.portalId().equals(portalId))) {
                    throw new IllegalArgumentException("portal " + portalId + " is not in the cache's expectations");
                }
                return new ExpectedPortal(portalId, kindOf(portalId), null, List.of(), parts(portalId));
            }
        };
    }

    private List<String> candidates(String onlyPortal) {
        return cloud.portalCandidates().stream()
                .map(PortalCandidate::portalId)
                .filter(id -> onlyPortal == null || id.equals(onlyPortal))
                .sorted()
                .toList();
    }

    private static String kindOf(String portalId) {
        return PortalKind.ofPortalId(portalId).name().toLowerCase(Locale.ROOT);
    }

    /** Portals the bridge knows or marked deleted that are no candidate any more: their rooms must be gone. */
    private List<String> deleted(List<String> candidates, String onlyPortal) {
        Set<String> live = new HashSet<>(candidates);
        Set<String> known = new TreeSet<>(bridge.deletedPortals().keySet());
        bridge.portals().forEach(p -> known.add(p.portalId()));
        return known.stream()
                .filter(id -> onlyPortal == null || id.equals(onlyPortal))
                .filter(id -> !live.contains(id))
                .toList();
    }

    /** @param onlyPortal one portal ID, or null for every portal */
    public GroundTruth read(String onlyPortal) {
        List<String> candidates = candidates(onlyPortal);
        List<ExpectedPortal> portals = new ArrayList<>(candidates.size());
        for (String portalId : candidates) {
            List<ExpectedPart> parts = parts(portalId);
            if (!parts.isEmpty()) {
                portals.add(new ExpectedPortal(portalId, kindOf(portalId), null, List.of(), parts));
            }
        }
        return new GroundTruth(null, null, ownHandles, portals, deleted(candidates, onlyPortal), rejects());
    }

    private List<ExpectedPart> parts(String portalId) {
        List<ExpectedPart> parts = new ArrayList<>();
        Set<PartKey> firstParts = new HashSet<>(); // each message's first part, as a reply would point at it
        ReactionLedger reactions = ReactionLedger.fresh();
        BackfillCursor cursor = BackfillCursor.START;
        while (true) {
            List<MessageRow> rows = cloud.messagesAfter(portalId, cursor, chunk);
            for (MessageRow row : rows) {
                planner.planReaction(row).ifPresent(r -> expectReaction(r, row, reactions, firstParts, parts));
                List<PlannedPart> planned = planner.plan(row);
                for (PlannedPart part : planned) {
                    ExpectedPart expected = expected(row, part);
                    // the bridge points a reply at its target when the target was sent before it in this portal
                    boolean anchored = part.replyTargetKeys().stream().anyMatch(firstParts::contains);
                    parts.add(anchored ? expected.withReplyTo(part.replyToGuid()) : expected);
                }
                if (!planned.isEmpty()) {
                    firstParts.add(planned.getFirst().key());
                }
            }
            if (rows.size() < chunk) {
                return parts;
            }
            MessageRow last = rows.getLast();
            cursor = new BackfillCursor(last.timestampMs(), last.guidNorm());
        }
    }

    /**
     * Tapbacks as the backfill applies them: an add that puts a reaction up on a target already sent expects one
     * reaction; a remove takes the reaction it cancels out of the expectations (the bridge redacts it).
     */
    private static void expectReaction(
            PlannedReaction r,
            MessageRow row,
            ReactionLedger reactions,
            Set<PartKey> firstParts,
            List<ExpectedPart> parts) {
        if (r.remove()) {
            String cancelled = reactions.remove(r);
            if (cancelled != null) {
                PartKey key = PartKey.reaction(cancelled);
                parts.removeIf(p -> p.isReaction() && PartKey.reaction(p.guid()).equals(key));
            }
        } else if (reactions.add(r) && r.targetKeys().stream().anyMatch(firstParts::contains)) {
            parts.add(ExpectedPart.reaction(
                    r.guid(), r.timestampMs(), r.senderHandle(), row.fromMe(), r.emoji(), r.targetGuid()));
        }
    }

    private static ExpectedPart expected(MessageRow row, PlannedPart part) {
        if (part.isText()) {
            return new ExpectedPart(
                    part.guid(),
                    part.key().part(),
                    part.timestampMs(),
                    part.senderHandle(),
                    row.fromMe(),
                    ExpectedPart.KIND_TEXT,
                    part.text(),
                    null,
                    null,
                    null,
                    null);
        }
        CloudAttachment a = part.attachment();
        ExpectedPart file = new ExpectedPart(
                part.guid(),
                part.key().part(),
                part.timestampMs(),
                part.senderHandle(),
                row.fromMe(),
                ExpectedPart.KIND_FILE,
                null,
                a.filename(),
                a.mimeType(),
                a.size(),
                a.checksumSha256());
        // the cache does not say a voice note's codec: Opus ones arrive as Ogg Opus, others as the CAF itself
        return isCaf(a) ? file.withOpus(ExpectedPart.OpusPackets.UNKNOWN) : file;
    }

    private static boolean isCaf(CloudAttachment a) {
        return "audio/x-caf".equalsIgnoreCase(a.mimeType())
                || "com.apple.coreaudio-format".equals(a.uti())
                || (a.filename() != null
                        && a.filename().toLowerCase(java.util.Locale.ROOT).endsWith(".caf"));
    }

    private List<RejectedRecord> rejects() {
        List<RecordReject> rejects = new ArrayList<>(cloud.rejects(MAX_REJECTS));
        rejects.sort(Comparator.comparing((RecordReject r) -> r.zone().ordinal()));
        return rejects.stream()
                .map(r -> new RejectedRecord(
                        r.zone().zoneName(),
                        r.recordName() == null ? "(no record name)" : r.recordName(),
                        r.reason() == null ? "(no reason)" : r.reason()))
                .toList();
    }
}
