package imbridge.store;

import imbridge.core.port.BackwardTasks;
import imbridge.core.port.BridgeStore;
import imbridge.core.port.CloudStore;
import imbridge.core.testing.InMemoryBackwardTasks;
import imbridge.core.testing.InMemoryBridgeStore;
import imbridge.core.testing.InMemoryCloudStore;
import java.util.HashMap;
import java.util.Map;

/** The core's in-memory fakes as a {@link PortStores}: one set of fakes per login, as a database keeps logins apart. */
final class InMemoryPortStores implements PortStores {
    private record Login(InMemoryCloudStore cloud, InMemoryBridgeStore bridge, InMemoryBackwardTasks tasks) {}

    private final Map<String, Login> logins = new HashMap<>();

    private Login login(String login) {
        if (login == null || login.isBlank()) {
            throw new IllegalArgumentException("a store needs a login ID");
        }
        return logins.computeIfAbsent(login, l -> {
            InMemoryBridgeStore bridge = new InMemoryBridgeStore();
            return new Login(new InMemoryCloudStore(), bridge, new InMemoryBackwardTasks(bridge));
        });
    }

    @Override
    public CloudStore cloudStore(String login) {
        return login(login).cloud();
    }

    @Override
    public BridgeStore bridgeStore(String login) {
        return login(login).bridge();
    }

    @Override
    public BackwardTasks backwardTasks(String login) {
        return login(login).tasks();
    }

    @Override
    public void close() {
        logins.clear();
    }
}
