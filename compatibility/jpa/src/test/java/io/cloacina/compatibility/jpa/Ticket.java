package io.cloacina.compatibility.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** An entity whose id the database generates ({@code IDENTITY}). */
@Entity
public class Ticket {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String title;

	private int quantity;

	private double price;

	private boolean open;

	protected Ticket() {
	}

	public Ticket(String title) {
		this.title = title;
		this.quantity = 1;
		this.price = 9.5;
		this.open = true;
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

}
