package imbridge.core.sync;

/** Where unexpected controller exceptions go; production halts the process (the plan's panic policy). */
@FunctionalInterface
public interface FatalErrorHandler {
    void onFatal(String where, Throwable error);
}
