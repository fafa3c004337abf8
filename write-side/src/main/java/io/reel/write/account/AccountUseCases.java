package io.reel.write.account;

/** The account use cases, grouped for the routes and for the node that wires them. */
public record AccountUseCases(
    SignUp signUp, SignIn signIn, Passwords passwords, Profiles profiles, MyAccount myAccount) {}
