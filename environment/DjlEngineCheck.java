import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;

/**
 * Loads DJL's PyTorch engine the way the project will, says which libtorch it found, and multiplies two small
 * matrices on the default device (the GPU when there is one) as proof that it computes.
 *
 * <p>Usage (environment/djl-libtorch.sh runs it): {@code java -cp 'target/gpt2-sentiment.jar:target/lib/*'
 * environment/DjlEngineCheck.java}
 */
public final class DjlEngineCheck {

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        Device device = engine.defaultDevice();
        System.out.println("engine:   " + engine.getEngineName() + " " + engine.getVersion());
        System.out.println("libtorch: " + LibUtils.getLibtorchPath());
        System.out.println("GPUs:     " + engine.getGpuCount() + ", default device " + device);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray a = manager.arange(6f).reshape(2, 3);
            float sum = a.matMul(a.transpose()).sum().getFloat(); // [[5, 14], [14, 50]] sums to 83
            if (sum != 83f) {
                throw new IllegalStateException("libtorch on " + device + " computed " + sum + " instead of 83");
            }
            System.out.println("compute:  ok on " + device);
        }
    }
}
