package imbridge.core.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered group of {@link Service}s: registered in dependency order (a service only uses those registered before
 * it), started in that order, stopped in reverse. If one fails to start, the ones already started are stopped
 * (reverse order) and the failure is rethrown, so a half-started bridge never keeps threads running. A failing stop
 * is logged and the others still stop.
 */
public final class Services {
    private static final Logger log = LoggerFactory.getLogger(Services.class);

    public enum State {
        NEW,
        STARTING,
        RUNNING,
        STOPPING,
        STOPPED,
        FAILED
    }

    private final String group;
    private final List<Service> registered = new ArrayList<>();
    private final Map<Service, State> states = new LinkedHashMap<>();

    /** @param group names the group in logs ("connection", "engine") */
    public Services(String group) {
        this.group = group;
    }

    /** Adds the service after every one registered before; returns it for the caller's field. */
    public synchronized <S extends Service> S register(S service) {
        if (states.containsKey(service)) {
            throw new IllegalArgumentException(service.name() + " is registered already");
        }
        registered.add(service);
        states.put(service, State.NEW);
        return service;
    }

    /** Registers and starts the service at once (parts built while the group already runs). */
    public <S extends Service> S start(S service) throws Exception {
        register(service);
        startOne(service);
        return service;
    }

    /** Starts every registered service not started yet, in order. */
    public void startAll() throws Exception {
        for (Service s : snapshot()) {
            if (state(s) == State.NEW) {
                startOne(s);
            }
        }
    }

    private void startOne(Service s) throws Exception {
        setState(s, State.STARTING);
        try {
            s.start();
            setState(s, State.RUNNING);
        } catch (Exception | Error e) {
            setState(s, State.FAILED);
            // INFO: the failure is thrown on to the caller, which reports it (once, where the operator sees it)
            log.info("{}: {} failed to start ({}); stopping what started before it", group, s.name(), e.toString());
            stopAll(Duration.ZERO);
            throw e;
        }
    }

    /** Stops every started service in reverse order, each graceful for at most {@code grace}; idempotent. */
    public void stopAll(Duration grace) {
        List<Service> all = snapshot();
        for (int i = all.size() - 1; i >= 0; i--) {
            Service s = all.get(i);
            State state = state(s);
            if (state != State.RUNNING && state != State.STARTING) {
                continue;
            }
            setState(s, State.STOPPING);
            try {
                s.stop(grace);
                setState(s, State.STOPPED);
            } catch (RuntimeException e) {
                setState(s, State.FAILED);
                log.warn("{}: {} did not stop cleanly: {}", group, s.name(), e.toString());
            }
        }
        synchronized (this) {
            registered.removeIf(s -> states.get(s) != State.RUNNING);
            states.keySet().retainAll(registered);
        }
    }

    /** Each registered service's state, in registration order (for health reports). */
    public synchronized Map<String, State> health() {
        Map<String, State> out = new LinkedHashMap<>();
        registered.forEach(s -> out.put(s.name(), states.get(s)));
        return out;
    }

    private synchronized List<Service> snapshot() {
        return List.copyOf(registered);
    }

    private synchronized State state(Service s) {
        return states.get(s);
    }

    private synchronized void setState(Service s, State state) {
        states.put(s, state);
    }
}
