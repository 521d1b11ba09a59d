package imbridge.applelocal.contacts;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real JPEG and PNG files, made by the JDK's own encoders. */
final class TestJpegs {
    private TestJpegs() {}

    static byte[] jpeg(int colour) {
        return encode(colour, "jpg");
    }

    static byte[] png(int colour) {
        return encode(colour, "png");
    }

    private static byte[] encode(int colour, String format) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, colour ^ (x * 0x0f0f0f) ^ (y << 4));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
