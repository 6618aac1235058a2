// The Pandu Android app: `corelib` (the generated core binding, JNA, the native library and the
// pure-Kotlin gateway) and `app` (the Jetpack Compose shell). See README.md for the build.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "pandu-android"
include(":corelib", ":app")
