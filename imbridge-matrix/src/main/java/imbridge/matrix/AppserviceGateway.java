package imbridge.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import imbridge.core.model.OutgoingPart;
import imbridge.core.model.PartKey;
import imbridge.core.model.RoomSpec;
import imbridge.core.port.BatchSender;
import imbridge.core.port.ContactBook;
import imbridge.core.port.MatrixException;
import imbridge.core.port.MatrixGateway;
import imbridge.core.port.MatrixLiveActions;
import imbridge.core.util.Waiter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The appservice's Matrix side as one object the runtime builds and closes: the start-up handshake, the request
 * counters, and one gateway per port — {@link RoomGateway} ({@link MatrixGateway}), {@link BatchSendGateway}
 * ({@link BatchSender}, Beeper batch send where the homeserver advertises it), {@link LiveActionsGateway}
 * ({@link MatrixLiveActions}) — plus the bot's own rooms ({@link BotRooms}: the management room). It implements the
 * ports itself by handing each call to the class that owns it, so the wiring can pass one object; new code can take
 * the per-port objects ({@link #rooms()}, {@link #batches()}, {@link #liveActions()}).
 * Call {@link #start()} (the handshake) before anything else.
 * <p>
 * Every request is retried by {@link MatrixClient} on transport errors and 429/502/503/504. Requests
 * that may have taken effect before a failed answer are safe to repeat: {@code /send} carries the part's
 * transaction ID, batch events carry deterministic event IDs, joins and leaves are idempotent, and a
 * {@code createRoom} is only repeated after checking that the failed attempt did not create the room.
 */
public final class AppserviceGateway implements MatrixGateway, BatchSender, MatrixLiveActions, AutoCloseable {
    /** State event marking the bot's DM with the owner as the bridge's management room. */
    static final String MANAGEMENT_STATE = "com.imbridge.management";

    static final String MANAGEMENT_ROOM_NAME = "iMessage bridge";

    private final AppserviceSession session;
    private final StartupHandshake handshake;
    private final GhostMembers members;
    private final RoomCreation creation;
    private final BotRooms botRooms;
    private final MatrixMedia media;
    private final RoomGateway rooms;
    private final BatchSendGateway batches;
    private final LiveActionsGateway liveActions;

    private final OwnerAccount owner;

    /** Without double puppeting, default names. */
    public AppserviceGateway(MatrixConfig cfg, HttpClient http, Waiter waiter) {
        this(cfg, http, waiter, OwnerView.defaults(List.of()));
    }

    /** @param view double puppeting and the name templates ({@link OwnerView}) */
    public AppserviceGateway(MatrixConfig cfg, HttpClient http, Waiter waiter, OwnerView view) {
        MatrixClient client = new MatrixClient(cfg, http, waiter);
        this.session = new AppserviceSession(cfg, client);
        MediaEndpoints mediaEndpoints = new MediaEndpoints();
        this.handshake = new StartupHandshake(cfg, client, mediaEndpoints);
        this.media = new MatrixMedia(session, mediaEndpoints);
        this.owner = new OwnerAccount(cfg, view);
        this.members = new GhostMembers(
                session, handshake, new GhostAvatars(client, this::uploadMedia), owner, view.displaynameTemplate());
        this.creation = new RoomCreation(session, owner, view.dmRoomNameTemplate(), members::shownName);
        this.botRooms = new BotRooms(session, roomId -> {
            members.forgetRoom(roomId);
            creation.forgetRoom(roomId);
        });
        this.rooms = new RoomGateway(
                session, members, creation, botRooms, media, new DirectChats(client, owner, session.ghosts()));
        this.batches = new BatchSendGateway(session, members);
        this.liveActions = new LiveActionsGateway(session, members);
    }

    /**
     * The start-up handshake (behaviour.md §BF6.4): spec versions and feature flags, the bot
     * registered, {@code whoami} confirming the as_token acts as the bot, the AS ping where supported,
     * the media upload limit. Our appservice HTTP server must already be listening (for the ping).
     */
    public HomeserverCapabilities start() throws MatrixException {
        return start(false);
    }

    /**
     * As {@link #start()}; with {@code ignoreUnsupportedServer} a homeserver that advertises less than Matrix v1.4
     * (e.g. Synapse 1.67: v1.2) is used anyway, with a warning, instead of failing the start.
     */
    public HomeserverCapabilities start(boolean ignoreUnsupportedServer) throws MatrixException {
        session.checkOpen();
        HomeserverCapabilities caps = handshake.run(ignoreUnsupportedServer);
        session.capabilities(caps);
        new DoublePuppetCheck(session.client(), owner).run();
        return caps;
    }

    /** Whether the owner's messages go out as the owner's own account (configured, and the homeserver agreed). */
    @Override
    public boolean doublePuppeting() {
        return owner.puppeting();
    }

    /** What {@link #start()} learned; null before it ran. */
    public HomeserverCapabilities capabilities() {
        return session.capabilities();
    }

    /** Exposes the client's counters and send latencies as meters of {@code registry}. */
    public void recordTo(io.micrometer.core.instrument.MeterRegistry registry) {
        session.client().stats().bindTo(registry);
    }

    /** Counters of every request, retry (by cause), send and batch so far. */
    public MatrixStats.Snapshot stats() {
        return session.client().stats().snapshot();
    }

    /**
     * Asks the homeserver to ping our appservice API (behaviour.md §BF6.4 step 3) and returns the
     * round trip it measured. A single attempt: the endpoint answers 50x on purpose when it cannot
     * reach us, and the caller decides whether to try again.
     */
    public Duration pingAppservice(String transactionId) throws MatrixException {
        session.checkOpen();
        String path = "/_matrix/client/v1/appservice/"
                + MatrixClient.segment(session.cfg().appserviceId()) + "/ping";
        JsonNode answer = session.client().postJson(path, session.bot(), Map.of("transaction_id", transactionId), 1);
        if (!answer.path("duration_ms").canConvertToLong()) {
            throw new MatrixRequestException(MatrixErrors.BAD_RESPONSE, 200, "ping answer has no duration_ms", null);
        }
        return Duration.ofMillis(answer.path("duration_ms").asLong());
    }

    public GhostNames ghostNames() {
        return session.ghosts();
    }

    /**
     * Where ghosts get their display name and avatar from, for ghosts set up from now on (the person's address
     * book for a local Apple source). Without it a ghost shows its raw handle.
     */
    public void useContacts(ContactBook book) {
        members.useContacts(book);
    }

    /** Contact photos that could not be set as an avatar in this run (logged with reason AVATAR_NOT_SET). */
    public long avatarsNotSet() {
        return members.avatarsNotSet();
    }

    public RoomGateway rooms() {
        return rooms;
    }

    public BatchSendGateway batches() {
        return batches;
    }

    public LiveActionsGateway liveActions() {
        return liveActions;
    }

    // ---- the management room: the bot's own rooms -------------------------------------------------------------

    /** The bot accepts an invite (e.g. the owner opening a management room with it). Idempotent. */
    public void joinRoomAsBot(String roomId) throws MatrixException {
        session.checkOpen();
        botRooms.join(roomId);
    }

    /** The bot leaves a room or rejects an invite (e.g. a second management room). Idempotent. */
    public void leaveRoomAsBot(String roomId, String reason) throws MatrixException {
        session.checkOpen();
        botRooms.leave(roomId, reason);
    }

    /** Whether the bot is joined to the room (as the homeserver sees it now). */
    public boolean isBotJoined(String roomId) throws MatrixException {
        session.checkOpen();
        return botRooms.isJoined(roomId);
    }

    /**
     * A user's current membership in a room the bot is joined to ({@code join}, {@code invite}, {@code leave},
     * {@code ban}, …), or {@code "none"} when the room has no member event for them.
     */
    public String membership(String roomId, String userId) throws MatrixException {
        session.checkOpen();
        return botRooms.membership(roomId, userId);
    }

    /**
     * Creates the management room: a private DM between the bot and the owner (invited), marked with
     * {@value #MANAGEMENT_STATE} state so a {@code createRoom} whose answer was lost is found instead of
     * repeated. Returns the room ID.
     */
    public String createManagementRoom() throws MatrixException {
        session.checkOpen();
        return creation.createManagementRoom();
    }

    /** The bytes of an {@code mxc://server/id} file (the owner's outgoing media), via the authenticated endpoint. */
    public byte[] downloadMedia(String mxcUrl) throws MatrixException {
        session.checkOpen();
        return media.download(mxcUrl);
    }

    // ---- the ports, each handed to its gateway -----------------------------------------------------------------

    @Override
    public String createRoom(RoomSpec spec) throws MatrixException {
        return rooms.createRoom(spec);
    }

    @Override
    public void ensureJoined(String roomId, String handle) throws MatrixException {
        rooms.ensureJoined(roomId, handle);
    }

    @Override
    public String send(String roomId, String senderHandle, OutgoingPart part, long timestampMs) throws MatrixException {
        return rooms.send(roomId, senderHandle, part, timestampMs);
    }

    @Override
    public String redact(String roomId, String eventId, String reason) throws MatrixException {
        return rooms.redact(roomId, eventId, reason);
    }

    @Override
    public void markRead(String roomId, String readerHandle, String eventId, long readAtMs) throws MatrixException {
        rooms.markRead(roomId, readerHandle, eventId, readAtMs);
    }

    @Override
    public void deleteRoom(String roomId, String reason) throws MatrixException {
        rooms.deleteRoom(roomId, reason);
    }

    @Override
    public void listAsDirect(String roomId, String counterpartHandle) {
        rooms.listAsDirect(roomId, counterpartHandle);
    }

    @Override
    public String uploadMedia(byte[] data, String mimeType, String filename) throws MatrixException {
        return rooms.uploadMedia(data, mimeType, filename);
    }

    @Override
    public boolean batchSendingSupported() {
        return batches.batchSendingSupported();
    }

    @Override
    public int maxBatchItems() {
        return batches.maxBatchItems();
    }

    @Override
    public String eventIdFor(String roomId, PartKey key) {
        return batches.eventIdFor(roomId, key);
    }

    @Override
    public List<String> sendBatch(String roomId, List<BatchItem> items, boolean forward) throws MatrixException {
        return batches.sendBatch(roomId, items, forward);
    }

    @Override
    public String sendEdit(
            String roomId, String senderHandle, String targetEventId, String newBody, String txnId, long timestampMs)
            throws MatrixException {
        return liveActions.sendEdit(roomId, senderHandle, targetEventId, newBody, txnId, timestampMs);
    }

    @Override
    public void setRoomName(String roomId, String name) throws MatrixException {
        liveActions.setRoomName(roomId, name);
    }

    @Override
    public String sendBotNotice(String roomId, String txnId, String body) throws MatrixException {
        return liveActions.sendBotNotice(roomId, txnId, body);
    }

    /** As {@link #sendBotNotice(String, String, String)}, as a reply to {@code inReplyTo} when not null. */
    public String sendBotNotice(String roomId, String txnId, String body, String inReplyTo) throws MatrixException {
        return liveActions.sendBotNotice(roomId, txnId, body, inReplyTo);
    }

    @Override
    public void close() {
        session.close();
    }
}
