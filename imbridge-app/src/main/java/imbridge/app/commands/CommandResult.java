package imbridge.app.commands;

import java.util.Objects;

/** What a dispatched bot command did, in words the bot can answer with. */
public record CommandResult(Kind kind, String message) {

    public enum Kind {
        /** Done or queued as asked. */
        DONE,
        /** Not done because of the request (unknown portal, missing argument, …). */
        REFUSED,
        /** The bridge cannot do this (yet, or in its current state); nothing happened. */
        NOT_AVAILABLE,
        /** Refused because the portal (or chat) named does not exist: a 404 for the admin API. */
        NOT_FOUND
    }

    public CommandResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public static CommandResult done(String message) {
        return new CommandResult(Kind.DONE, message);
    }

    public static CommandResult refused(String message) {
        return new CommandResult(Kind.REFUSED, message);
    }

    public static CommandResult notFound(String message) {
        return new CommandResult(Kind.NOT_FOUND, message);
    }

    public static CommandResult notAvailable(String message) {
        return new CommandResult(Kind.NOT_AVAILABLE, message);
    }
}
