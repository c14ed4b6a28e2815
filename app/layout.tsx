import type { Metadata } from "next";
import { Toaster } from "sonner";
import { TRPCReactProvider } from "./_trpc/client";
import { UnavailableBanner } from "./_components/unavailable-banner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Releaseboard", template: "%s · Releaseboard" },
  description: "See where every release is and move it along.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <UnavailableBanner />
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <Toaster richColors closeButton position="bottom-right" />
      </body>
    </html>
  );
}
