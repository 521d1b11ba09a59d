package imbridge.core.attachment;

import imbridge.core.model.CloudAttachment;

/** Lets tests in other packages script asset downloads. */
public final class ScriptedAssetsAccess {
    public final ScriptedAssets assets = new ScriptedAssets();

    public void failAlways(String recordName) {
        assets.failFirst.put(recordName, Integer.MAX_VALUE);
    }

    public void failFirst(String recordName, int times) {
        assets.failFirst.put(recordName, times);
    }

    public void stall(String recordName, java.util.concurrent.CountDownLatch reached) {
        assets.stalled = reached;
        assets.stall.put(recordName, true);
    }

    public void releaseStalls() {
        assets.release.countDown();
    }

    public int attempts(String recordName) {
        return assets.attemptsOf(recordName);
    }

    public int peak() {
        return assets.peak.get();
    }

    public int downloads() {
        return assets.downloads.get();
    }

    public static CloudAttachment attachment(String recordName, int size) {
        return ScriptedAssets.attachment(recordName, size);
    }
}
