// The core as an Android library: the Kotlin scripts/bindgen generates (package id.pandu.core),
// JNA as an AAR (it carries JNA's own native dispatch library for each ABI), the pandu_ffi .so
// files scripts/build-android puts in src/main/jniLibs/<abi>/, and the gateway (id.pandu.gateway),
// the app's only door to the core.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

android {
    namespace = "id.pandu.corelib"
    compileSdk = libs.versions.compileSdk.get().toInt()

    defaultConfig {
        minSdk = libs.versions.minSdk.get().toInt()
        consumerProguardFiles("consumer-rules.pro")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // The AAR, not the jar: it holds libjnidispatch.so for Android's ABIs.
    api("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
}
