package imbridge.sim.cloudkit;

import java.util.List;

/**
 * What a correct bridge must produce in Matrix for a dataset (wire-contracts.md §1, "Ground truth").
 *
 * <p>The verifier reads this truth as JSON into its own types ({@code imbridge.app.verify.ExpectedPart}); the
 * simulator depends on nothing of the bridge, so the two cannot share one class.
 *
 * @param deletedPortals  portals whose chat record was tombstoned: no room of theirs may stay visible to the user
 * @param rejectedRecords the malformed records a bridge must quarantine
 * @param ghosts          what each remote handle's ghost must show (local Apple sources, from the address book);
 *                        empty when the truth says nothing about profiles (CloudKit)
 */
public record Truth(
        long seed,
        DatasetSummary dataset,
        List<String> ownerHandles,
        List<Portal> portals,
        List<String> deletedPortals,
        List<Rejected> rejectedRecords,
        List<Ghost> ghosts) {

    public Truth {
        ownerHandles = List.copyOf(ownerHandles);
        portals = List.copyOf(portals);
        deletedPortals = List.copyOf(deletedPortals);
        rejectedRecords = List.copyOf(rejectedRecords);
        ghosts = ghosts == null ? List.of() : List.copyOf(ghosts);
    }

    /** A truth without ghost profiles. */
    public Truth(
            long seed,
            DatasetSummary dataset,
            List<String> ownerHandles,
            List<Portal> portals,
            List<String> deletedPortals,
            List<Rejected> rejectedRecords) {
        this(seed, dataset, ownerHandles, portals, deletedPortals, rejectedRecords, List.of());
    }

    /**
     * A ghost's profile.
     *
     * @param avatarSha256 SHA-256 (hex) of the avatar's bytes, null when the ghost must have no avatar
     */
    public record Ghost(String handle, String displayName, String avatarSha256) {}

    /** A truth without deleted portals or malformed records. */
    public Truth(long seed, DatasetSummary dataset, List<String> ownerHandles, List<Portal> portals) {
        this(seed, dataset, ownerHandles, portals, List.of(), List.of());
    }

    public int partCount() {
        return portals.stream().mapToInt(p -> p.parts().size()).sum();
    }

    /** A malformed record, with the reason it must be quarantined ({@link Defect#reason()}). */
    public record Rejected(String zone, String recordName, String reason) {}

    /**
     * One Matrix room.
     *
     * @param kind    {@code dm} or {@code group}
     * @param name    the group's display name, null for DMs and unnamed groups
     * @param members normalised remote handles
     */
    public record Portal(String portalId, String kind, String name, List<String> members, List<Part> parts) {

        public Portal {
            members = List.copyOf(members);
            parts = List.copyOf(parts);
        }
    }

    /**
     * One message part. Text parts carry {@code body}; file parts carry filename, mime, size and sha256.
     *
     * @param part {@code text} or {@code att<i>}
     * @param ts   Unix milliseconds
     * @param kind {@code text} or {@code file}
     * @param brokenReason for a file part whose asset can never be downloaded ({@link AssetFaults.Broken}):
     *                     a correct bridge sends an {@code m.notice} with this part ID instead of the file; else null
     * @param replyTo      on a reply's first part: the GUID of the message it answers (whose first part is in the same
     *                     portal, so a correct bridge sets {@code m.in_reply_to} to that part's event); else null
     * @param key          on a {@code reaction} part (kind {@code reaction}, a standing tapback): its emoji; else null
     * @param target       on a {@code reaction} part: the GUID of the message it annotates (earlier, same portal,
     *                     first part {@code text} or {@code att0}); else null
     * @param opus         on a file part of a voice note holding Opus: its packets' truth (a correct bridge sends it
     *                     as Ogg Opus carrying exactly these packets); else null
     */
    public record Part(
            String guid,
            String part,
            long ts,
            String sender,
            boolean fromMe,
            String kind,
            String body,
            String filename,
            String mime,
            Long size,
            String sha256,
            String brokenReason,
            String replyTo,
            String key,
            String target,
            CafVoiceNote.OpusPackets opus) {

        Part withReplyTo(String targetGuid) {
            return copy(body, targetGuid);
        }

        /** The part with an edited body (edits reach text parts only). */
        Part withBody(String newBody) {
            return copy(newBody, replyTo);
        }

        private Part copy(String newBody, String newReplyTo) {
            return new Part(
                    guid,
                    part,
                    ts,
                    sender,
                    fromMe,
                    kind,
                    newBody,
                    filename,
                    mime,
                    size,
                    sha256,
                    brokenReason,
                    newReplyTo,
                    key,
                    target,
                    opus);
        }

        static Part reaction(String guid, long ts, String sender, boolean fromMe, String key, String targetGuid) {
            return new Part(
                    guid,
                    "reaction",
                    ts,
                    sender,
                    fromMe,
                    "reaction",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    key,
                    targetGuid,
                    null);
        }

        static Part text(String guid, long ts, String sender, boolean fromMe, String body) {
            return new Part(
                    guid, "text", ts, sender, fromMe, "text", body, null, null, null, null, null, null, null, null,
                    null);
        }

        static Part file(
                String guid,
                int index,
                long ts,
                String sender,
                boolean fromMe,
                AttachmentRecord att,
                String brokenReason) {
            return new Part(
                    guid,
                    "att" + index,
                    ts,
                    sender,
                    fromMe,
                    "file",
                    null,
                    att.filename(),
                    att.mime(),
                    (long) att.size(),
                    att.sha256(),
                    brokenReason,
                    null,
                    null,
                    null,
                    att.opus());
        }
    }
}
