package io.cloacina.compatibility.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An entity with Hibernate's default id generation: {@code @GeneratedValue} (AUTO). */
@Entity
public class Item {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	private int worker;

	protected Item() {
	}

	public Item(String name, int worker) {
		this.name = name;
		this.worker = worker;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public int getWorker() {
		return this.worker;
	}

}
