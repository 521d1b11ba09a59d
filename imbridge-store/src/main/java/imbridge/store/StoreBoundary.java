package imbridge.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The stores as the engine sees them: every call of a store port goes through here, and a database refusing writes
 * for a passing reason leaves as the core's {@link imbridge.core.port.StoreUnavailableException} instead of the
 * driver's error ({@link StoreErrors}). One wrapper at the boundary rather than a catch in each of the hundred store
 * methods, so no method can forget it. The cost is a reflective call per store call, small beside any SQL.
 */
final class StoreBoundary {
    private StoreBoundary() {}

    static <T> T guard(Class<T> port, T store, StoreErrors errors) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                throw failure instanceof RuntimeException r ? errors.translate(r) : failure;
            }
        });
        return port.cast(proxy);
    }
}
