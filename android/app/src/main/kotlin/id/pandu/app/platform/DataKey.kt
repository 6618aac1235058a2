// The core's 32-byte data key: made at random once, kept only wrapped (AES-GCM) by a key that
// never leaves the Android Keystore, in the no-backup folder. Without this phone's keystore the
// wrapped key is useless, so a copied data folder cannot be opened elsewhere.
package id.pandu.app.platform

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import java.io.File
import java.security.KeyStore
import java.security.SecureRandom
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/** Loads (or on first start makes) the data key. */
object DataKey {
    private const val KEYSTORE = "AndroidKeyStore"
    private const val ALIAS = "pandu-data-key-wrap"
    private const val TRANSFORMATION = "AES/GCM/NoPadding"
    private const val KEY_BYTES = 32
    private const val TAG_BITS = 128

    /** The data key; the wrapped copy lives in `noBackupFilesDir/data-key.bin`. */
    fun load(context: Context): ByteArray {
        val file = File(context.noBackupFilesDir, "data-key.bin")
        val wrapping = wrappingKey()
        if (file.isFile) return unwrap(wrapping, file.readBytes())
        val key = ByteArray(KEY_BYTES).also { SecureRandom().nextBytes(it) }
        val temp = File(file.parentFile, "data-key.tmp")
        temp.writeBytes(wrap(wrapping, key))
        check(temp.renameTo(file)) { "the data key could not be saved" }
        return key
    }

    private fun wrappingKey(): SecretKey {
        val store = KeyStore.getInstance(KEYSTORE).apply { load(null) }
        (store.getKey(ALIAS, null) as? SecretKey)?.let { return it }
        val spec = KeyGenParameterSpec.Builder(
            ALIAS,
            KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT,
        )
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE)
            .apply { init(spec) }
            .generateKey()
    }

    /** `[iv length][iv][sealed key]`; the keystore picks the IV. */
    private fun wrap(wrapping: SecretKey, key: ByteArray): ByteArray {
        val cipher = Cipher.getInstance(TRANSFORMATION).apply { init(Cipher.ENCRYPT_MODE, wrapping) }
        val sealed = cipher.doFinal(key)
        return byteArrayOf(cipher.iv.size.toByte()) + cipher.iv + sealed
    }

    private fun unwrap(wrapping: SecretKey, stored: ByteArray): ByteArray {
        val ivSize = stored[0].toInt()
        val iv = stored.copyOfRange(1, 1 + ivSize)
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, wrapping, GCMParameterSpec(TAG_BITS, iv))
        return cipher.doFinal(stored, 1 + ivSize, stored.size - 1 - ivSize)
    }
}
