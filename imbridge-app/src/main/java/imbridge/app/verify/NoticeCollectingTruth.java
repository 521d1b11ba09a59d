package imbridge.app.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link TruthSource} that remembers, as the verifier loads each portal, the parts the truth expects as notices
 * (attachments the simulator broke for good). They are few, so the demo can list them without a second pass over
 * the account.
 */
public final class NoticeCollectingTruth implements TruthSource {
    /** An expected notice part and its portal. */
    public record ExpectedNotice(String portalId, ExpectedPart part) {}

    private final TruthSource delegate;
    private final List<ExpectedNotice> notices = Collections.synchronizedList(new ArrayList<>());

    public NoticeCollectingTruth(TruthSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public TruthSummary summary() {
        return delegate.summary();
    }

    @Override
    public ExpectedPortal portal(String portalId) {
        ExpectedPortal portal = delegate.portal(portalId);
        for (ExpectedPart part : portal.parts()) {
            if (part.isNotice()) {
                notices.add(new ExpectedNotice(portalId, part));
            }
        }
        return portal;
    }

    /** The notices of every portal loaded so far, in portal order. */
    public List<ExpectedNotice> notices() {
        synchronized (notices) {
            List<ExpectedNotice> out = new ArrayList<>(notices);
            out.sort(java.util.Comparator.comparing(ExpectedNotice::portalId));
            return out;
        }
    }
}
