package imbridge.sim.hs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The auth rules a real homeserver applies to {@code m.room.member} transitions (join, invite, leave/kick, ban) and
 * to power levels, and the profile (display name, avatar) a member event carries. Callers hold the room's lock.
 */
final class MembershipRules {
    private final UserDirectory users;
    private final EventAppender appender;

    MembershipRules(UserDirectory users, EventAppender appender) {
        this.users = users;
        this.appender = appender;
    }

    /** Applies a membership change if the rules allow it; repeating the current one returns the existing event. */
    Event changeMembership(Room room, String sender, String target, ObjectNode content, Long ts) {
        JsonNode membershipNode = content.get("membership");
        if (membershipNode == null || !membershipNode.isTextual()) {
            throw MatrixException.badJson("m.room.member content needs a string 'membership'");
        }
        String membership = membershipNode.textValue();
        String current = room.membership(target);
        PowerLevels levels = room.powerLevels();
        switch (membership) {
            case "join" -> {
                if (!sender.equals(target)) {
                    throw MatrixException.forbidden("Cannot force another user to join.");
                }
                if ("ban".equals(current)) {
                    throw MatrixException.forbidden("You are banned from this room");
                }
                if (!"join".equals(current) && !"invite".equals(current) && !"public".equals(room.joinRule())) {
                    throw MatrixException.forbidden("You are not invited to this room.");
                }
            }
            case "invite" -> {
                requireJoined(room, sender);
                UserIds.requireValid(target, "invitee");
                if ("ban".equals(current)) {
                    throw MatrixException.forbidden(target + " is banned from the room");
                }
                if ("join".equals(current)) {
                    throw MatrixException.forbidden(target + " is already in the room.");
                }
                requireLevel(room, sender, levels.invite(), "You don't have permission to invite users");
            }
            case "leave" -> {
                if (sender.equals(target)) {
                    if ("leave".equals(current)) {
                        return room.stateEvent("m.room.member", target); // leaving twice changes nothing
                    }
                    if (!"join".equals(current) && !"invite".equals(current)) {
                        throw MatrixException.forbidden("User " + target + " not in room " + room.roomId());
                    }
                } else {
                    requireJoined(room, sender);
                    if ("ban".equals(current)) {
                        requireLevel(room, sender, levels.ban(), "You don't have permission to unban users");
                    } else if ("join".equals(current) || "invite".equals(current)) {
                        requireOutranks(room, levels, sender, target, levels.kick(), "kick");
                    } else {
                        throw MatrixException.forbidden(target + " is not in the room");
                    }
                }
            }
            case "ban" -> {
                requireJoined(room, sender);
                requireOutranks(room, levels, sender, target, levels.ban(), "ban");
            }
            case "knock" -> throw MatrixException.forbidden("This room does not allow knocking");
            default -> throw MatrixException.badJson("Unknown membership: " + membership);
        }
        Event previous = room.stateEvent("m.room.member", target);
        if (previous != null
                && previous.sender().equals(sender)
                && previous.content().equals(content)) {
            return previous;
        }
        return appender.append(room, "m.room.member", sender, content, target, null, ts);
    }

    static void requireJoined(Room room, String userId) {
        if (!room.isJoined(userId)) {
            throw MatrixException.forbidden("User " + userId + " not in room " + room.roomId());
        }
    }

    static void requireLevel(Room room, String userId, int needed, String message) {
        int level = room.powerLevels().userLevel(userId);
        if (level < needed) {
            throw MatrixException.forbidden(message + " user_level (" + level + ") < send_level (" + needed + ")");
        }
    }

    private static void requireOutranks(
            Room room, PowerLevels levels, String sender, String target, int needed, String action) {
        int senderLevel = levels.userLevel(sender);
        if (senderLevel < needed || levels.userLevel(target) >= senderLevel) {
            throw MatrixException.forbidden(
                    "You don't have permission to " + action + " " + target + " in " + room.roomId());
        }
    }

    /** A join's content with the user's profile, as the creator's first member event carries it. */
    ObjectNode joinContent(String userId) {
        return addProfile(Json.object().put("membership", "join"), userId);
    }

    /** Adds the user's display name and avatar, as Synapse copies them into member events. */
    ObjectNode addProfile(ObjectNode content, String userId) {
        UserDirectory.UserAccount account = users.find(userId);
        if (account != null) {
            if (account.displayName() != null) {
                content.put("displayname", account.displayName());
            }
            if (account.avatarUrl() != null) {
                content.put("avatar_url", account.avatarUrl());
            }
        }
        return content;
    }

    /** A member event's content of {@code membership}, with the request's {@code reason} if it gave one. */
    static ObjectNode content(String membership, ObjectNode requestBody) {
        ObjectNode content = Json.object().put("membership", membership);
        String reason = requestBody == null ? null : Json.optString(requestBody, "reason");
        if (reason != null) {
            content.put("reason", reason);
        }
        return content;
    }
}
