package io.cloacina.compatibility.quartz;

import java.util.concurrent.atomic.AtomicInteger;

import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot application with Quartz on the starter's data source: one job, fired three times. */
@SpringBootApplication
public class QuartzApplication {

	static final AtomicInteger FIRED = new AtomicInteger();

	@Bean
	JobDetail countingJob() {
		return JobBuilder.newJob(CountingJob.class).withIdentity("counting").storeDurably().build();
	}

	@Bean
	Trigger threeTimes(JobDetail countingJob) {
		return TriggerBuilder.newTrigger()
			.forJob(countingJob)
			.withIdentity("three-times")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(200).withRepeatCount(2))
			.startNow()
			.build();
	}

	/** Counts its executions. */
	public static class CountingJob implements Job {

		@Override
		public void execute(JobExecutionContext context) {
			FIRED.incrementAndGet();
		}

	}

}
