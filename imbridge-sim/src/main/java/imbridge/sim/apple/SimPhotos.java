package imbridge.sim.apple;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small contact photos: a seeded two-colour 32×32 picture, encoded by the JDK's JPEG writer. */
final class SimPhotos {
    private static final int SIZE = 32;

    private SimPhotos() {}

    static byte[] jpeg(long seed, String key) {
        int background = (int) (Choices.hash(seed, "photo-colour", key) & 0xffffff);
        int face = background ^ 0x7f7f7f;
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int dx = x - SIZE / 2;
                int dy = y - SIZE / 2;
                image.setRGB(x, y, dx * dx + dy * dy < SIZE * SIZE / 9 ? face : background);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("this JDK has no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a photo in memory", e);
        }
        return out.toByteArray();
    }
}
