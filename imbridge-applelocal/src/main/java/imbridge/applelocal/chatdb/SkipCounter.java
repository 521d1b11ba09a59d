package imbridge.applelocal.chatdb;

import imbridge.applelocal.ReasonCounter;
import org.slf4j.LoggerFactory;

/** What the chat.db and backup readers leave out or read by a fallback, by reason code (logged at INFO). */
public final class SkipCounter extends ReasonCounter {
    public SkipCounter() {
        super(LoggerFactory.getLogger(SkipCounter.class), "chat.db");
    }
}
