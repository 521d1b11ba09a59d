package imbridge.app.demo;

/** What runs once the bridge phase has reported, while its bridge still serves (sync, live, operator listener). */
@FunctionalInterface
public interface WhileServing {
    WhileServing NOTHING = () -> {};

    void run() throws Exception;
}
