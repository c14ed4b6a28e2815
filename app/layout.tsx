import type { Metadata } from "next";
import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";
import { Toaster } from "./_components/ui/toast";
import { TRPCReactProvider } from "./_trpc/client";
import { UnavailableBanner } from "./_components/unavailable-banner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Releaseboard", template: "%s · Releaseboard" },
  description: "See where every release is and move it along.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen">
        <UnavailableBanner />
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <Toaster />
      </body>
    </html>
  );
}
