package io.cloacina.database.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same work on several threads at once and collects what they threw, for tests that
 * require zero errors under concurrency.
 */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Run the work on {@code threads} threads and wait for all of them.
	 * @param threads how many threads
	 * @param timeout how long to wait for each thread
	 * @param work the work, given the thread's number (0 to {@code threads - 1})
	 * @return what the threads threw, empty if nothing
	 * @throws Exception if a thread did not finish in time
	 */
	public static List<Throwable> run(int threads, Duration timeout, Work work) throws Exception {
		ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				running.add(executor.submit(() -> {
					try {
						work.run(thread);
					}
					catch (Throwable ex) {
						errors.add(ex);
					}
				}));
			}
			for (Future<?> future : running) {
				future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		return new ArrayList<>(errors);
	}

	/** Work of one thread. */
	@FunctionalInterface
	public interface Work {

		/**
		 * Do the work.
		 * @param thread the thread's number
		 * @throws Exception anything, collected
		 */
		void run(int thread) throws Exception;

	}

}
